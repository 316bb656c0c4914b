import { useMutation } from '@apollo/client/react';
import { useT } from '../../shared/locale';
import { message, type Message } from '../../shared/message';
import { changeMember } from './member-change';
import { ResendStaffInvitationDocument } from './staff-operations';
import { nameOf, type StaffMember } from './staff-rows';

/**
 * Emails a member still invited a new invitation (theirs lapsed after 72
 * hours, or never arrived); the links sent before stop working. No dialog:
 * sending again takes nothing away. The outcome is said in words through
 * `onOutcome`; a refusal (they accepted or were disabled meanwhile) also
 * asks for the list again, which then shows why.
 */
export function ResendInvitationButton({ member, onOutcome, onRefused }: { readonly member: StaffMember; readonly onOutcome: (message: Message) => void; readonly onRefused: () => void }) {
  const t = useT();
  const [resend, { loading }] = useMutation(ResendStaffInvitationDocument);

  async function send() {
    // Kept focusable and named alike while sending (its name must hold its text), so a second press is ignored here instead.
    if (loading) return;
    const outcome = await changeMember(async () => (await resend({ variables: { userId: member.id } })).data?.resendStaffInvitation, { notSent: t('console.staff.notSent') });
    if ('done' in outcome) return onOutcome(message('console.staff.resent', { email: outcome.done.email ?? '' }));
    onOutcome({ text: outcome.problem });
    if (outcome.refused) onRefused();
  }

  return (
    <button type="button" className="secondary" aria-label={t('console.staff.resendLabel', { name: nameOf(member) })} aria-disabled={loading || undefined} onClick={() => void send()}>
      {t('console.staff.resend')}
    </button>
  );
}
