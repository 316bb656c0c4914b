import { useApolloClient, useMutation } from '@apollo/client/react';
import { useId, useState } from 'react';
import { useLocale, useT } from '../../shared/locale';
import { ActionDialog, AmountField, ReasonField } from './action-dialog';
import { ACCOUNT_QUERIES, RefundCheckDocument, RefundDocument } from './accounts-operations';
import { accountShare, methodText, type AccountPayment } from './payments-section';
import { attemptKeyFor, attemptSettled, useStaffAction } from './staff-action';
import { decimalFromCents, formatCents, parseAmountCents } from '../../shared/decimal-amount';
import { message, type Message } from '../../shared/message';
import { SaidMethod } from '../../shared/said-masked';
import { givingBackDone } from './giving-back-done';

/**
 * After a lost answer: the payment is being asked again, was (what it shows
 * refunded is on the page), or could not be (the next press asks again).
 * Until it was, no other attempt goes out.
 */
type Unconfirmed = 'checking' | 'checked' | 'unchecked';

/**
 * What a refund asked from an account's page comes off: what the payment put
 * on this account (refundPayment's serviceAccountId: never another account's
 * share, nor the convenience fee), or the whole payment (no account: its
 * accounts in line order, the fee last, so only a refund of all of it gives
 * the fee back).
 */
type Scope = 'account' | 'payment';

/**
 * Refund all or part of a payment from the page of an account it paid, with
 * a reason. A payment that paid only this account is refunded as a whole, up
 * to what it has left, fee included. One that paid other accounts too offers
 * a choice: this account's share (the default, while it has anything left),
 * whose refund leaves the other accounts' shares as they stand, or the whole
 * payment. The attempt's key lives outside the dialog (attemptKeyFor), per
 * payment, choice and amount: a refund whose answer was lost, asked again
 * after Cancel and a new dialog, is the same refund to the server, done once.
 */
export function RefundDialog({
  payment,
  accountId,
  onClose,
  onDone,
}: {
  readonly payment: AccountPayment;
  readonly accountId: string;
  readonly onClose: () => void;
  readonly onDone: (message: Message) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const ids = useId();
  const client = useApolloClient();
  const [shown, setShown] = useState(payment);
  const share = accountShare(shown, accountId);
  const paidOthers = shown.allocations.some((allocation) => allocation.serviceAccountId !== accountId);
  const leftOf = (of: Scope) => (of === 'account' ? share.leftCents : BigInt(shown.total.cents) - BigInt(shown.refunded.cents));
  const [scope, setScope] = useState<Scope>(paidOthers && share.leftCents > 0n ? 'account' : 'payment');
  const left = leftOf(scope);
  const [amount, setAmount] = useState(decimalFromCents(left));
  const [reason, setReason] = useState('');
  const [unconfirmed, setUnconfirmed] = useState<Unconfirmed | null>(null);
  const action = useStaffAction('accounts.refund.unconfirmed');
  const [refund] = useMutation(RefundDocument, { refetchQueries: ACCOUNT_QUERIES, awaitRefetchQueries: true });

  /** Another choice: the amount follows it while it is the one offered for the first, not one staff typed. */
  function choose(next: Scope) {
    if (amount === decimalFromCents(left)) setAmount(decimalFromCents(leftOf(next)));
    setScope(next);
  }

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
    const cents = parseAmountCents(amount);
    const missing = {
      amount: !amount.trim() ? t('accounts.refund.amountRequired') : cents === null ? t('accounts.refund.amountInvalid') : undefined,
      reason: reason.trim() ? undefined : t('accounts.action.reasonRequired'),
    };
    if (cents === null || missing.amount || missing.reason) return action.setProblems(missing);
    // By cents, as the server compares it: "20.5", its answer lost, then "20.50" is the same refund, done once.
    const of = scope === 'account' ? { serviceAccountId: accountId } : {};
    const attempt = scope === 'account' ? `refund ${payment.id} ${accountId} ${cents}` : `refund ${payment.id} ${cents}`;
    const input = { paymentId: payment.id, ...of, amount: decimalFromCents(cents), reason: reason.trim(), idempotencyKey: attemptKeyFor(attempt) };
    // A large refund is not made yet: it awaits a second administrator (or was declined), as the answer's approval says.
    const approval = { status: null as string | null };
    const outcome = await action.run(async () => {
      const answer = (await refund({ variables: { input } })).data?.refundPayment;
      approval.status = answer?.approval?.status ?? null;
      return answer?.userErrors ?? null;
    });
    if (outcome === 'busy') return;
    if (outcome === 'unknown') return check();
    attemptSettled(attempt);
    setUnconfirmed(null);
    if (outcome === 'done') onDone(message(givingBackDone('refund', approval.status), { confirmation: payment.confirmationNumber }));
  }

  const unconfirmedText = {
    checking: t('accounts.refund.unconfirmed'),
    checked: t('accounts.refund.unconfirmedChecked', { refunded: shown.refunded.formatted }),
    unchecked: t('accounts.refund.unconfirmedUnchecked'),
  } as const;
  const facts = { total: shown.total.formatted, method: methodText(t, payment.method) };

  return (
    <ActionDialog
      title={t('accounts.refund.title', { confirmation: payment.confirmationNumber })}
      description={
        <p>
          <SaidMethod
            text={
              paidOthers
                ? t('accounts.refund.descriptionShared', { ...facts, share: share.paid?.amount.formatted ?? formatCents(0n, locale) })
                : t('accounts.refund.description', { ...facts, left: formatCents(left, locale) })
            }
            method={payment.method}
          />
        </p>
      }
      confirmLabel={t(unconfirmed === 'unchecked' ? 'accounts.refund.check' : 'accounts.refund.confirm')}
      busy={action.busy || unconfirmed === 'checking'}
      problems={unconfirmed ? { ...action.problems, form: unconfirmedText[unconfirmed] } : action.problems}
      onConfirm={() => void confirm()}
      onClose={onClose}
    >
      {paidOthers && (
        <fieldset className="field">
          <legend>{t('accounts.refund.scope')}</legend>
          {(['account', 'payment'] as const).map((choice) => (
            <div key={choice}>
              <label className="choice">
                <input
                  type="radio"
                  name={`${ids}-scope`}
                  value={choice}
                  checked={scope === choice}
                  disabled={choice === 'account' && share.leftCents <= 0n}
                  onChange={() => choose(choice)}
                  aria-describedby={`${ids}-${choice}-hint`}
                />
                {t(choice === 'account' ? 'accounts.refund.scopeAccount' : 'accounts.refund.scopePayment', { left: formatCents(leftOf(choice), locale) })}
              </label>
              <p className="hint" id={`${ids}-${choice}-hint`}>
                {t(choice === 'account' ? 'accounts.refund.scopeAccountHint' : 'accounts.refund.scopePaymentHint')}
              </p>
            </div>
          ))}
        </fieldset>
      )}
      <AmountField label={t('accounts.refund.amount')} hint={t('accounts.refund.amountHint')} value={amount} onChange={setAmount} error={action.problems.amount} />
      <ReasonField value={reason} onChange={setReason} error={action.problems.reason} />
    </ActionDialog>
  );
}
