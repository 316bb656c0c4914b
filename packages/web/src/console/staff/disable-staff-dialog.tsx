import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useT } from '../../shared/locale';
import { ActionDialog, type Problems } from '../accounts/action-dialog';
import '../accounts/accounts.css';
import { DisableStaffUserDocument } from './staff-operations';
import { changeMember } from './member-change';
import { nameOf, signsInAs, type StaffMember } from './staff-rows';

/**
 * Taking a staff member's access away, confirmed in a dialog that names
 * them. Enabling them gives it back, but the sessions and links it ends stay
 * ended (and oneself cannot), so focus starts on Cancel. Doing it twice is
 * harmless (the API answers with the member as they are), so a retry after a
 * lost answer needs no key.
 */
export function DisableStaffDialog({
  member,
  isViewer,
  byUsername,
  onClose,
  onDone,
  onRefused,
}: {
  readonly member: StaffMember;
  /** The member is the person signed in: they are signed out once it is done. */
  readonly isViewer: boolean;
  readonly byUsername: boolean;
  readonly onClose: () => void;
  readonly onDone: (member: StaffMember) => void;
  /** The API refused: the list may be out of date (another ADMIN's access was taken away meanwhile). */
  readonly onRefused: () => void;
}) {
  const t = useT();
  const [disable, { loading }] = useMutation(DisableStaffUserDocument);
  const [problems, setProblems] = useState<Problems>({});
  const name = nameOf(member);

  async function confirm() {
    setProblems({});
    const outcome = await changeMember(async () => (await disable({ variables: { userId: member.id } })).data?.disableStaffUser, {
      notSent: t('console.staff.notSent'),
      lastAdmin: t('console.staff.lastAdmin', { name }),
    });
    if ('done' in outcome) return onDone(outcome.done);
    setProblems({ form: outcome.problem });
    if (outcome.refused) onRefused();
  }

  return (
    <ActionDialog
      title={t('console.staff.disableTitle', { name })}
      description={
        <>
          <p>{t('console.staff.disableDescription', { name, signsInAs: signsInAs(member, byUsername) })}</p>
          <p>
            <strong>{t(isViewer ? 'console.staff.disableYourself' : 'console.staff.disableUndo')}</strong>
          </p>
        </>
      }
      confirmLabel={t('console.staff.disableConfirm', { name })}
      busy={loading}
      problems={problems}
      onConfirm={() => void confirm()}
      onClose={onClose}
      focusCancel
    />
  );
}
