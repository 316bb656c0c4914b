import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useT } from '../../shared/locale';
import { message, type Message } from '../../shared/message';
import { ReasonDialog } from '../accounts/action-dialog';
import { useStaffAction } from '../accounts/staff-action';
import { CloseResidentAccountDocument } from './lockout-operations';

/**
 * The city's ADMIN closes a resident's online account for them (the resident asked by phone), with the reason they
 * give, which the audit log keeps. What happens is said before Confirm: as the resident's own closing, payments stay on
 * the city's record, Auto Pay stops, saved methods are removed, the email can register again, and a confirmation goes
 * to it.
 */
export function CloseResidentAccountDialog({
  resident,
  onClose,
  onDone,
}: {
  readonly resident: { readonly id: string; readonly who: string };
  readonly onClose: () => void;
  readonly onDone: (said: Message) => void;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const action = useStaffAction();
  const [closeAccount] = useMutation(CloseResidentAccountDocument);

  async function confirm() {
    if (!reason.trim()) return action.setProblems({ reason: t('accounts.action.reasonRequired') });
    const outcome = await action.run(async () => (await closeAccount({ variables: { input: { userId: resident.id, reason: reason.trim() } } })).data?.closeResidentAccount.userErrors ?? null);
    if (outcome === 'done') onDone(message('console.closeAccount.done', { who: resident.who }));
  }

  return (
    <ReasonDialog
      title={t('console.closeAccount.title', { who: resident.who })}
      description={<p>{t('console.closeAccount.description')}</p>}
      confirmLabel={t('console.closeAccount.confirm')}
      action={action}
      reason={reason}
      onReason={setReason}
      onConfirm={() => void confirm()}
      onClose={onClose}
    />
  );
}
