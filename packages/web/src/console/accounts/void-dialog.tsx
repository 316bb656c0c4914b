import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useT } from '../../shared/locale';
import { ReasonDialog } from './action-dialog';
import { ACCOUNT_QUERIES, VoidDocument } from './accounts-operations';
import { message, type Message } from '../../shared/message';
import { isCounterPayment, methodText, type AccountPayment } from './payments-section';
import { useStaffAction } from './staff-action';
import { SaidMethod } from '../../shared/said-masked';
import { givingBackDone } from './giving-back-done';

/**
 * Cancel a payment before it settles, or a counter payment recorded in error on its day (the API takes no key: a void
 * of a voided payment answers with the payment). Who may void a counter payment (not the staff member who took it) is
 * the API's to say, in the dialog, as any refusal.
 */
export function VoidDialog({ payment, onClose, onDone }: { readonly payment: AccountPayment; readonly onClose: () => void; readonly onDone: (message: Message) => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const action = useStaffAction();
  const [voidPayment] = useMutation(VoidDocument, { refetchQueries: ACCOUNT_QUERIES, awaitRefetchQueries: true });

  async function confirm() {
    if (!reason.trim()) return action.setProblems({ reason: t('accounts.action.reasonRequired') });
    const input = { paymentId: payment.id, reason: reason.trim() };
    const approval = { status: null as string | null };
    const outcome = await action.run(async () => {
      const answer = (await voidPayment({ variables: { input } })).data?.voidPayment;
      approval.status = answer?.approval?.status ?? null;
      return answer?.userErrors ?? null;
    });
    if (outcome === 'done') onDone(message(givingBackDone('void', approval.status), { confirmation: payment.confirmationNumber }));
  }

  return (
    <ReasonDialog
      title={t('accounts.void.title', { confirmation: payment.confirmationNumber })}
      description={
        <p>
          <SaidMethod
            text={t(isCounterPayment(payment.method) ? 'accounts.void.counterDescription' : 'accounts.void.description', { total: payment.total.formatted, method: methodText(t, payment.method) })}
            method={payment.method}
          />
        </p>
      }
      confirmLabel={t('accounts.void.confirm')}
      action={action}
      reason={reason}
      onReason={setReason}
      onConfirm={() => void confirm()}
      onClose={onClose}
    />
  );
}
