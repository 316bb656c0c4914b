import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { StaffRole } from '../../gql/graphql';
import { useT } from '../../shared/locale';
import { ActionDialog, type Problems } from '../accounts/action-dialog';
import '../accounts/accounts.css';
import { RoleChoices } from './role-choices';
import { ChangeStaffRoleDocument } from './staff-operations';
import { changeMember } from './member-change';
import { isAdmin, nameOf, signsInAs, type StaffMember } from './staff-rows';

/**
 * Making a member SUPPORT or ADMIN, chosen in a dialog that names them. Their
 * current role starts chosen, so an Enter pressed by habit changes nothing:
 * the other one must be picked. The API ends their open sessions (a session
 * keeps the role it was started with), which the dialog says before. Giving
 * the role they hold is harmless (the API answers with the member as they
 * are), so a retry after a lost answer needs no key.
 */
export function ChangeRoleDialog({
  member,
  byUsername,
  onClose,
  onDone,
  onRefused,
}: {
  readonly member: StaffMember;
  readonly byUsername: boolean;
  readonly onClose: () => void;
  readonly onDone: (member: StaffMember) => void;
  /** The API refused: the list may be out of date (the member was disabled, or another ADMIN demoted, meanwhile). */
  readonly onRefused: () => void;
}) {
  const t = useT();
  const [change, { loading }] = useMutation(ChangeStaffRoleDocument);
  const current: StaffRole = isAdmin(member) ? 'ADMIN' : 'SUPPORT';
  const [role, setRole] = useState<StaffRole>(current);
  const [problems, setProblems] = useState<Problems>({});
  const name = nameOf(member);

  async function confirm() {
    if (role === current) return setProblems({ form: t('console.staff.roleUnchanged', { name, role: t(`console.role.${current}`) }) });
    setProblems({});
    const outcome = await changeMember(async () => (await change({ variables: { input: { userId: member.id, role } } })).data?.changeStaffRole, {
      notSent: t('console.staff.notSent'),
      lastAdmin: t('console.staff.lastAdminRole', { name }),
    });
    if ('done' in outcome) return onDone(outcome.done);
    setProblems({ form: outcome.problem });
    if (outcome.refused) onRefused();
  }

  return (
    <ActionDialog
      title={t('console.staff.roleTitle', { name })}
      description={<p>{t('console.staff.roleDescription', { name, signsInAs: signsInAs(member, byUsername), role: t(`console.role.${current}`) })}</p>}
      confirmLabel={t('console.staff.roleConfirm')}
      busy={loading}
      problems={problems}
      onConfirm={() => void confirm()}
      onClose={onClose}
    >
      <fieldset className="field">
        <legend>{t('console.staff.roleLegend')}</legend>
        <RoleChoices role={role} current={current} onChange={setRole} />
      </fieldset>
    </ActionDialog>
  );
}
