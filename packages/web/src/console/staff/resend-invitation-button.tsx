import { useMutation } from '@apollo/client/react';
import { errorMessage } from '../../shared/api';
import { useT } from '../../shared/locale';
import { ResendStaffInvitationDocument } from './staff-operations';
import { nameOf, type StaffMember } from './staff-rows';

/**
 * Emails a member still invited a new invitation (theirs lapsed after 72
 * hours, or never arrived); the links sent before stop working. No dialog:
 * sending again takes nothing away. The outcome is said in words through
 * `onOutcome`; a refusal (they accepted or were disabled meanwhile) also
 * asks for the list again, which then shows why.
 */
export function ResendInvitationButton({ member, onOutcome, onRefused }: { readonly member: StaffMember; readonly onOutcome: (text: string) => void; readonly onRefused: () => void }) {
  const t = useT();
  const [resend, { loading }] = useMutation(ResendStaffInvitationDocument);

  async function send() {
    // Kept focusable and named alike while sending (its name must hold its text), so a second press is ignored here instead.
    if (loading) return;
    try {
      const { data } = await resend({ variables: { userId: member.id } });
      const result = data?.resendStaffInvitation;
      if (result?.user) return onOutcome(t('console.staff.resent', { email: result.user.email ?? '' }));
      onOutcome(result?.userErrors.map((problem) => problem.message).join(' ') || t('console.staff.notSent'));
      onRefused();
    } catch (error) {
      onOutcome(errorMessage(error) ?? t('console.staff.notSent'));
    }
  }

  return (
    <button type="button" className="secondary" aria-label={t('console.staff.resendLabel', { name: nameOf(member) })} aria-disabled={loading || undefined} onClick={() => void send()}>
      {t('console.staff.resend')}
    </button>
  );
}
