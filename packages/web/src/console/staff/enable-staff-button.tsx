import { useMutation } from '@apollo/client/react';
import { useT } from '../../shared/locale';
import { message, type Message } from '../../shared/message';
import { changeMember } from './member-change';
import { EnableStaffUserDocument } from './staff-operations';
import { isAdmin, nameOf, type StaffMember } from './staff-rows';

/**
 * Gives a disabled member their access back, with their role and password. No
 * dialog: it takes nothing away, and Disable is on the row again at once. One
 * who never accepted their invitation comes back still invited, which the
 * outcome says (their link ended when they were disabled). The outcome is said
 * in words: through `onDone` once done (this button is then gone from the
 * row), else through `onProblem`; a refusal also asks for the list again.
 */
export function EnableStaffButton({
  member,
  onDone,
  onProblem,
  onRefused,
}: {
  readonly member: StaffMember;
  readonly onDone: (message: Message) => void;
  readonly onProblem: (message: Message) => void;
  readonly onRefused: () => void;
}) {
  const t = useT();
  const [enable, { loading }] = useMutation(EnableStaffUserDocument);
  const name = nameOf(member);

  async function send() {
    // Kept focusable and named alike while sending (its name must hold its text), so a second press is ignored here instead.
    if (loading) return;
    const outcome = await changeMember(async () => (await enable({ variables: { userId: member.id } })).data?.enableStaffUser, { notSent: t('console.staff.notSent') });
    if ('done' in outcome) {
      const role = message(isAdmin(outcome.done) ? 'console.role.ADMIN' : 'console.role.SUPPORT');
      return onDone(message(outcome.done.invitationPending ? 'console.staff.enabledInvited' : 'console.staff.enabled', { name, role }));
    }
    onProblem({ text: outcome.problem });
    if (outcome.refused) onRefused();
  }

  return (
    <button type="button" className="secondary" aria-label={t('console.staff.enableLabel', { name })} aria-disabled={loading || undefined} onClick={() => void send()}>
      {t('console.staff.enable')}
    </button>
  );
}
