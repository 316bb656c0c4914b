import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useRef, useState } from 'react';
import { useLocale, useT } from '../../shared/locale';
import { usePageTitle } from '../../shared/page-title';
import { navigate } from '../../shared/navigation';
import type { PageTenant } from '../../shared/page-tenant';
import { newAttemptKey, type SentAttempt } from '../guest-flow';
import type { HostedFieldsHandle } from '../hosted-fields';
import { methodKindsTaken, takesSavedMethod, type MethodKind } from '../methods-taken';
import { PayButton } from '../pay-button';
import { usePaymentAttempt } from '../payment-attempt';
import { PaymentDetailsFields } from '../payment-details-fields';
import { QueriesNotLoaded } from '../queries-not-loaded';
import { serverProblems } from '../form-parts';
import { CheckDetailsAlert, PaymentTrouble, declineAdvice, refusedRequest } from '../payment-trouble';
import { FeeFacts, FeeNote, FeeTrouble, usePaymentTotal } from '../payment-total';
import { AccountOptionsDocument, PayAccountsDocument, PaymentMethodsDocument } from './account-operations';
import { AppLink } from '../../shared/app-link';
import { methodLabel } from './method-label';
import { SaidMethod } from '../../shared/said-masked';
import { loadSelection, saveSelection, type PaySelection, type Payer } from './pay-selection';
import { decimalFromCents, formatDecimal, parseAmountCents } from '../../shared/decimal-amount';

type Choice = { readonly kind: 'saved'; readonly id: string } | { readonly kind: 'new'; readonly methodKind: MethodKind };

/** Several linked accounts paid in one payment: a saved method, or a new card or bank account in the processor's form (as the guest's step 3). */
export function RegisteredPayPage({ tenant, payer }: { readonly tenant: PageTenant; readonly payer: Payer }) {
  const t = useT();
  usePageTitle(t('account.pay.heading'));
  const [selection, setSelection] = useState<PaySelection | null>(() => loadSelection(payer));
  if (!selection || selection.lines.length === 0) {
    return (
      <>
        <h1 tabIndex={-1}>{t('account.pay.heading')}</h1>
        <p>{t('account.pay.nothing')}</p>
        <AppLink to="/account">{t('account.nav.accounts')}</AppLink>
      </>
    );
  }
  return <PayForm tenant={tenant} payer={payer} selection={selection} setSelection={setSelection} />;
}

/**
 * The payment of a selection: its total with the city's fee, the method, and
 * Pay. As the guest's step 3, an attempt whose answer is lost is kept (its
 * key, its token or saved method) and nothing it was sent with can change
 * until the same request again settles it.
 */
function PayForm({
  tenant,
  payer,
  selection,
  setSelection,
}: {
  readonly tenant: PageTenant;
  readonly payer: Payer;
  readonly selection: PaySelection;
  readonly setSelection: (next: PaySelection) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const ids = useId();
  const optionsQuery = useQuery(AccountOptionsDocument);
  const methodsQuery = useQuery(PaymentMethodsDocument);
  const options = optionsQuery.data?.tenant;
  // A saved method the city no longer takes (a card, where it now takes e-checks only), an expired card, or a bank account
  // blocked after a return (the wallet says why), is not offered: it would be refused.
  const methods = options && methodsQuery.data?.paymentMethods.filter((method) => !method.expired && !method.blockedBecause && takesSavedMethod(options.payments, method));
  const [choice, setChoice] = useState<Choice | null>(null);
  const hosted = useRef<HostedFieldsHandle>(null);
  const methodHeading = useRef<HTMLHeadingElement>(null);
  const { paying, trouble, setTrouble, unanswered, attempt, sentFromHostedForm } = usePaymentAttempt(selection.sent);
  const [makePayment] = useMutation(PayAccountsDocument);
  const kinds = options ? methodKindsTaken(options.payments) : [];
  // Saved methods first: the first one is chosen unless the person chooses otherwise; without one, the first kind the
  // city takes (none until the city's options are read).
  const chosen: Choice | undefined = choice ?? (methods?.[0] ? { kind: 'saved', id: methods[0].id } : kinds[0] && { kind: 'new', methodKind: kinds[0] });
  const amountCents = selection.lines.reduce((sum, line) => sum + (parseAmountCents(line.amount) ?? 0n), 0n);
  const amount = decimalFromCents(amountCents);
  const amountText = formatDecimal(amount, locale);
  const quote = usePaymentTotal(amount);
  const totalText = quote.total ? formatDecimal(quote.total.total, locale) : null;
  const sentTotalText = selection.sent?.confirmedTotal ? formatDecimal(selection.sent.confirmedTotal, locale) : null;

  function keep(next: PaySelection) {
    saveSelection(payer, next);
    setSelection(next);
  }

  /** No attempt sent, under a new key: the next Pay is a new attempt. */
  function newAttempt(current: PaySelection) {
    keep({ lines: current.lines, attemptKey: newAttemptKey() });
  }

  function choose(next: Choice) {
    setTrouble(null);
    setChoice(next);
    newAttempt(selection);
  }

  async function pay(current: PaySelection) {
    if (!quote.total || !chosen || current.sent?.inDoubt) return;
    // What the payer sees on Pay is what they confirm: makePayment charges it, or refuses with FEE_CHANGED.
    const shownTotal = quote.total.total;
    await attempt(async () => {
      let sent: SentAttempt | undefined = current.sent;
      if (!sent && chosen.kind === 'saved') {
        const saved = methods?.find((method) => method.id === chosen.id);
        sent = { source: { savedMethodId: chosen.id }, method: { kind: saved?.kind ?? '', brand: saved?.brand ?? null, last4: saved?.last4 ?? '' }, confirmedTotal: shownTotal };
      } else if (!sent) {
        sent = await sentFromHostedForm(hosted.current!, shownTotal);
        if (!sent) return;
      }
      if (!current.sent) setTrouble(null);
      // Kept before it goes: a reload while it is on its way finds it, and can only send it again.
      const sending = { ...current, sent };
      keep(sending);
      let result;
      try {
        const allocations = current.lines.map((line) => ({ serviceAccountId: line.serviceAccountId, amount: line.amount }));
        const { data } = await makePayment({ variables: { input: { idempotencyKey: current.attemptKey, allocations, ...sent.source, confirmedTotal: sent.confirmedTotal ?? null } } });
        result = data?.makePayment;
      } catch (error) {
        const refused = refusedRequest(error, { retry: current.sent !== undefined });
        if (refused) {
          // A retry refused leaves the first send's answer unknown: it stays kept, under its key (refusedRequest).
          if (refused.kind === 'refused') newAttempt(current);
          return setTrouble(refused);
        }
        // Whether it was charged is unknown: the retry sends the same key and request, which returns the first payment if there was one.
        return setTrouble({ kind: 'network' });
      }
      if (!result) return setTrouble({ kind: 'network' });
      const payment = result.payment;
      if (payment && result.userErrors.length === 0) {
        saveSelection(payer, null);
        return navigate(`/account/receipt/${payment.id}`);
      }
      if (result.userErrors.some((error) => error.code === 'IDEMPOTENCY_KEY_REUSED')) {
        // Never a new key behind the payer's back: the first attempt may have been charged, and they are told how to find out.
        keep({ ...sending, sent: { ...sent, inDoubt: true } });
        return setTrouble({ kind: 'doubt' });
      }
      newAttempt(current);
      if (result.userErrors.some((error) => error.code === 'FEE_CHANGED')) {
        // The city changed its fee since the page asked: nothing was recorded or charged. The new fee and total are shown
        // before Pay is offered again, for the payer to confirm.
        await quote.requote();
        return setTrouble({ kind: 'refused', messages: serverProblems(result.userErrors) });
      }
      if (payment) return setTrouble({ kind: 'decline', message: declineAdvice(result.userErrors[0]) });
      setTrouble({ kind: 'refused', messages: serverProblems(result.userErrors) });
    });
  }

  /** The payer, told the earlier payment may have gone through, chooses to pay anew: a new attempt, the methods back. */
  function payAnew() {
    setTrouble(null);
    newAttempt(selection);
    methodHeading.current?.focus();
  }

  return (
    <div className="pay-flow">
      <h1 tabIndex={-1}>{t('account.pay.heading')}</h1>
      <section className="card" aria-labelledby={`${ids}-summary`}>
        <h2 id={`${ids}-summary`}>{t('portal.pay.summary')}</h2>
        <ul className="plain-list">
          {selection.lines.map((line) => (
            <li key={line.serviceAccountId}>{t('account.pay.line', { number: line.accountNumber, amount: formatDecimal(line.amount, locale) })}</li>
          ))}
        </ul>
        <dl className="facts">
          <dt>{t('account.pay.total')}</dt>
          <dd className="money">{amountText}</dd>
          <FeeFacts total={quote.total} />
        </dl>
        {/* The accounts page ticks this selection again (it is kept in the tab), so a change starts from it. */}
        {!unanswered && <AppLink to="/account">{t('account.pay.change')}</AppLink>}
      </section>

      <PaymentTrouble
        trouble={trouble}
        doubt={{
          amount: sentTotalText ?? totalText ?? amountText,
          howToFindOut: (
            <>
              <p>{t('account.pay.doubtCheckHistory')}</p>
              <p>
                <AppLink to="/account/history">{t('account.nav.history')}</AppLink>
              </p>
            </>
          ),
          onPayAnew: payAnew,
        }}
      />

      <section className="card" aria-labelledby={`${ids}-method`}>
        <h2 id={`${ids}-method`} ref={methodHeading} tabIndex={-1}>
          {t('portal.pay.method')}
        </h2>
        {!options || !methods ? (
          <QueriesNotLoaded queries={[optionsQuery, methodsQuery]} />
        ) : (
          <>
            {unanswered && selection.sent ? (
              <p>
                <SaidMethod text={t('portal.pay.sentWith', { method: methodLabel(t, selection.sent.method) })} method={selection.sent.method} />
              </p>
            ) : (
              methods.length + kinds.length > 1 && (
                <fieldset className="field method-choice" disabled={paying}>
                  <legend>{t('portal.pay.methodLegend')}</legend>
                  {methods.map((method) => (
                    <label key={method.id} className="choice">
                      <input type="radio" name={`${ids}-method`} checked={chosen?.kind === 'saved' && chosen.id === method.id} onChange={() => choose({ kind: 'saved', id: method.id })} />
                      <SaidMethod text={methodLabel(t, method)} method={method} />
                    </label>
                  ))}
                  {kinds.map((kind) => (
                    <label key={kind} className="choice">
                      <input type="radio" name={`${ids}-method`} checked={chosen?.kind === 'new' && chosen.methodKind === kind} onChange={() => choose({ kind: 'new', methodKind: kind })} />
                      {t(kind === 'CARD' ? 'account.pay.newCard' : 'account.pay.newBank')}
                    </label>
                  ))}
                </fieldset>
              )
            )}
            {chosen?.kind === 'new' && <PaymentDetailsFields ref={hosted} tenant={tenant} payments={options.payments} kind={chosen.methodKind} unanswered={unanswered} />}
            <CheckDetailsAlert trouble={trouble} />
            {quote.failed && <FeeTrouble retry={quote.retry} />}
            {trouble?.kind !== 'doubt' && (
              <div className="actions">
                <PayButton total={quote.total} paying={paying} unanswered={unanswered} feeNoteId={`${ids}-fee-note`} onPay={() => void pay(selection)} />
              </div>
            )}
            <FeeNote id={`${ids}-fee-note`} amount={amount} total={quote.total} />
          </>
        )}
      </section>
    </div>
  );
}
