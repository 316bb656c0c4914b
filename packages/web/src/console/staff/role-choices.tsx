import { useId } from 'react';
import type { StaffRole } from '../../gql/graphql';
import { useT } from '../../shared/locale';

const ROLES: readonly StaffRole[] = ['SUPPORT', 'ADMIN'];

/**
 * The staff roles as radio buttons, each with what it may do as its hint:
 * inside the fieldset of the form that adds a member and of the dialog that
 * changes one's role. `current`, when given, is marked as the member's role now.
 */
export function RoleChoices({ role, current, onChange }: { readonly role: StaffRole; readonly current?: StaffRole; readonly onChange: (role: StaffRole) => void }) {
  const t = useT();
  const ids = useId();
  return ROLES.map((choice) => (
    <div key={choice} className="role-choice">
      <label className="choice">
        <input type="radio" name={`${ids}-role`} value={choice} checked={role === choice} onChange={() => onChange(choice)} aria-describedby={`${ids}-${choice}-hint`} />
        {t(`console.role.${choice}`)}
        {choice === current && ` ${t('console.staff.roleCurrent')}`}
      </label>
      <p className="hint" id={`${ids}-${choice}-hint`}>
        {t(`console.staff.roleHint.${choice}`)}
      </p>
    </div>
  ));
}
