import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useT } from '../../shared/locale';
import { ActionDialog, DialogField } from './action-dialog';
import { apiAmount, decimalFromCents, isDollarAmount } from './account-format';
import { AccountPageDocument, AccountPaymentsDocument, RefundDocument } from './accounts-operations';
import { methodText, type AccountPayment } from './payments-section';
import { useAttemptKey, useStaffAction } from './staff-action';

/** Refund all or part of a payment (what is left of it), with a reason. */
export function RefundDialog({ payment, onClose, onDone }: { readonly payment: AccountPayment; readonly onClose: () => void; readonly onDone: (message: string) => void }) {
  const t = useT();
  const left = BigInt(payment.total.cents) - BigInt(payment.refunded.cents);
  const [amount, setAmount] = useState(decimalFromCents(left));
  const [reason, setReason] = useState('');
  const attemptKey = useAttemptKey();
  const action = useStaffAction();
  const [refund] = useMutation(RefundDocument, { refetchQueries: [AccountPageDocument, AccountPaymentsDocument], awaitRefetchQueries: true });

  async function confirm() {
    const missing = {
      amount: !amount.trim() ? t('accounts.refund.amountRequired') : !isDollarAmount(amount) ? t('accounts.refund.amountInvalid') : undefined,
      reason: reason.trim() ? undefined : t('accounts.action.reasonRequired'),
    };
    if (missing.amount || missing.reason) return action.setProblems(missing);
    const input = { paymentId: payment.id, amount: apiAmount(amount), reason: reason.trim(), idempotencyKey: attemptKey(apiAmount(amount)) };
    const done = await action.run(async () => (await refund({ variables: { input } })).data?.refundPayment.userErrors ?? null);
    if (done) onDone(t('accounts.refund.done', { confirmation: payment.confirmationNumber }));
  }

  return (
    <ActionDialog
      title={t('accounts.refund.title', { confirmation: payment.confirmationNumber })}
      description={<p>{t('accounts.refund.description', { total: payment.total.formatted, method: methodText(t, payment.method), left: `$${decimalFromCents(left)}` })}</p>}
      confirmLabel={t('accounts.refund.confirm')}
      busy={action.busy}
      problems={action.problems}
      onConfirm={() => void confirm()}
      onClose={onClose}
    >
      <DialogField label={t('accounts.refund.amount')} hint={t('accounts.refund.amountHint')} error={action.problems.amount}>
        {(control) => <input {...control} inputMode="decimal" autoComplete="off" value={amount} onChange={(event) => setAmount(event.target.value)} />}
      </DialogField>
      <DialogField label={t('accounts.action.reason')} error={action.problems.reason}>
        {(control) => <textarea {...control} rows={3} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </DialogField>
    </ActionDialog>
  );
}
