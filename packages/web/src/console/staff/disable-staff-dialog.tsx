import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { errorMessage } from '../../shared/api';
import { useT } from '../../shared/locale';
import { ActionDialog, type Problems } from '../accounts/action-dialog';
import '../accounts/accounts.css';
import { DisableStaffUserDocument } from './staff-operations';
import { nameOf, refusalOf, type StaffMember } from './staff-rows';

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
  const signsInAs = (byUsername ? member.username : member.email) ?? '';

  async function confirm() {
    setProblems({});
    try {
      const { data } = await disable({ variables: { userId: member.id } });
      const result = data?.disableStaffUser;
      if (result?.user) return onDone(result.user);
      setProblems({ form: refusalOf(result?.userErrors ?? [], t('console.staff.lastAdmin', { name })) || t('console.staff.notSent') });
      onRefused();
    } catch (error) {
      setProblems({ form: errorMessage(error) ?? t('console.staff.notSent') });
    }
  }

  return (
    <ActionDialog
      title={t('console.staff.disableTitle', { name })}
      description={
        <>
          <p>{t('console.staff.disableDescription', { name, signsInAs })}</p>
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
