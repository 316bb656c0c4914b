import { useApolloClient, useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useT } from '../../shared/locale';
import { ActionDialog, DialogField } from './action-dialog';
import { apiAmount, isDollarAmount } from './account-format';
import { AccountPageDocument, AccountPaymentsDocument, RefundCheckDocument, RefundDocument } from './accounts-operations';
import { methodText, type AccountPayment } from './payments-section';
import { attemptKeyFor, attemptSettled, useStaffAction } from './staff-action';
import { decimalFromCents } from '../../shared/decimal-amount';

/**
 * After a lost answer: the payment is being asked again, was (what it shows
 * refunded is on the page), or could not be (the next press asks again).
 * Until it was, no other attempt goes out.
 */
type Unconfirmed = 'checking' | 'checked' | 'unchecked';

/**
 * Refund all or part of a payment (what is left of it), with a reason. The
 * attempt's key lives outside the dialog (attemptKeyFor), per payment and
 * amount: a refund whose answer was lost, asked again after Cancel and a new
 * dialog, is the same refund to the server, done once.
 */
export function RefundDialog({ payment, onClose, onDone }: { readonly payment: AccountPayment; readonly onClose: () => void; readonly onDone: (message: string) => void }) {
  const t = useT();
  const client = useApolloClient();
  const [shown, setShown] = useState(payment);
  const left = BigInt(shown.total.cents) - BigInt(shown.refunded.cents);
  const [amount, setAmount] = useState(decimalFromCents(left));
  const [reason, setReason] = useState('');
  const [unconfirmed, setUnconfirmed] = useState<Unconfirmed | null>(null);
  const action = useStaffAction();
  const [refund] = useMutation(RefundDocument, { refetchQueries: [AccountPageDocument, AccountPaymentsDocument], awaitRefetchQueries: true });

  /** Asks for the payment again (the payments table shows it too: the cache keeps one Payment per id), and the account's ledger. */
  async function check() {
    setUnconfirmed('checking');
    try {
      const { data } = await client.query({ query: RefundCheckDocument, variables: { id: payment.id }, fetchPolicy: 'network-only' });
      if (!data?.payment) throw new Error(`payment ${payment.id} not found`);
      setShown({ ...shown, ...data.payment });
      setUnconfirmed('checked');
      void client.refetchQueries({ include: [AccountPageDocument] }).catch(() => undefined);
    } catch {
      setUnconfirmed('unchecked');
    }
  }

  async function confirm() {
    if (unconfirmed === 'unchecked') return check();
    const missing = {
      amount: !amount.trim() ? t('accounts.refund.amountRequired') : !isDollarAmount(amount) ? t('accounts.refund.amountInvalid') : undefined,
      reason: reason.trim() ? undefined : t('accounts.action.reasonRequired'),
    };
    if (missing.amount || missing.reason) return action.setProblems(missing);
    const attempt = `refund ${payment.id} ${apiAmount(amount)}`;
    const input = { paymentId: payment.id, amount: apiAmount(amount), reason: reason.trim(), idempotencyKey: attemptKeyFor(attempt) };
    const outcome = await action.run(async () => (await refund({ variables: { input } })).data?.refundPayment.userErrors ?? null);
    if (outcome === 'busy') return;
    if (outcome === 'unknown') return check();
    attemptSettled(attempt);
    setUnconfirmed(null);
    if (outcome === 'done') onDone(t('accounts.refund.done', { confirmation: payment.confirmationNumber }));
  }

  const unconfirmedText = {
    checking: t('accounts.refund.unconfirmed'),
    checked: t('accounts.refund.unconfirmedChecked', { refunded: shown.refunded.formatted }),
    unchecked: t('accounts.refund.unconfirmedUnchecked'),
  } as const;

  return (
    <ActionDialog
      title={t('accounts.refund.title', { confirmation: payment.confirmationNumber })}
      description={<p>{t('accounts.refund.description', { total: shown.total.formatted, method: methodText(t, payment.method), left: `$${decimalFromCents(left)}` })}</p>}
      confirmLabel={t(unconfirmed === 'unchecked' ? 'accounts.refund.check' : 'accounts.refund.confirm')}
      busy={action.busy || unconfirmed === 'checking'}
      problems={unconfirmed ? { ...action.problems, form: unconfirmedText[unconfirmed] } : action.problems}
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
