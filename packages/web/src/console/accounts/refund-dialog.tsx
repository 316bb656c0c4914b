import { useApolloClient, useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useLocale, useT } from '../../shared/locale';
import { ActionDialog, DialogField } from './action-dialog';
import { amountCents } from './account-format';
import { ACCOUNT_QUERIES, RefundCheckDocument, RefundDocument } from './accounts-operations';
import { methodText, type AccountPayment } from './payments-section';
import { attemptKeyFor, attemptSettled, useStaffAction } from './staff-action';
import { decimalFromCents, formatCents } from '../../shared/decimal-amount';
import { message, type Message } from '../../shared/message';

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
export function RefundDialog({ payment, onClose, onDone }: { readonly payment: AccountPayment; readonly onClose: () => void; readonly onDone: (message: Message) => void }) {
  const t = useT();
  const { locale } = useLocale();
  const client = useApolloClient();
  const [shown, setShown] = useState(payment);
  const left = BigInt(shown.total.cents) - BigInt(shown.refunded.cents);
  const [amount, setAmount] = useState(decimalFromCents(left));
  const [reason, setReason] = useState('');
  const [unconfirmed, setUnconfirmed] = useState<Unconfirmed | null>(null);
  const action = useStaffAction('accounts.refund.unconfirmed');
  const [refund] = useMutation(RefundDocument, { refetchQueries: ACCOUNT_QUERIES, awaitRefetchQueries: true });

  /** Asks for the payment again (the payments table shows it too: the cache keeps one Payment per id), and the account's ledger. */
  async function check() {
    setUnconfirmed('checking');
    try {
      const { data } = await client.query({ query: RefundCheckDocument, variables: { id: payment.id }, fetchPolicy: 'network-only' });
      if (!data?.payment) throw new Error(`payment ${payment.id} not found`);
      setShown({ ...shown, ...data.payment });
      setUnconfirmed('checked');
      void client.refetchQueries({ include: ACCOUNT_QUERIES }).catch(() => undefined);
    } catch {
      setUnconfirmed('unchecked');
    }
  }

  async function confirm() {
    if (unconfirmed === 'unchecked') return check();
    const cents = amountCents(amount);
    const missing = {
      amount: !amount.trim() ? t('accounts.refund.amountRequired') : cents === null ? t('accounts.refund.amountInvalid') : undefined,
      reason: reason.trim() ? undefined : t('accounts.action.reasonRequired'),
    };
    if (cents === null || missing.amount || missing.reason) return action.setProblems(missing);
    // By cents, as the server compares it: "20.5", its answer lost, then "20.50" is the same refund, done once.
    const attempt = `refund ${payment.id} ${cents}`;
    const input = { paymentId: payment.id, amount: decimalFromCents(cents), reason: reason.trim(), idempotencyKey: attemptKeyFor(attempt) };
    const outcome = await action.run(async () => (await refund({ variables: { input } })).data?.refundPayment.userErrors ?? null);
    if (outcome === 'busy') return;
    if (outcome === 'unknown') return check();
    attemptSettled(attempt);
    setUnconfirmed(null);
    if (outcome === 'done') onDone(message('accounts.refund.done', { confirmation: payment.confirmationNumber }));
  }

  const unconfirmedText = {
    checking: t('accounts.refund.unconfirmed'),
    checked: t('accounts.refund.unconfirmedChecked', { refunded: shown.refunded.formatted }),
    unchecked: t('accounts.refund.unconfirmedUnchecked'),
  } as const;

  return (
    <ActionDialog
      title={t('accounts.refund.title', { confirmation: payment.confirmationNumber })}
      description={<p>{t('accounts.refund.description', { total: shown.total.formatted, method: methodText(t, payment.method), left: formatCents(left, locale) })}</p>}
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
