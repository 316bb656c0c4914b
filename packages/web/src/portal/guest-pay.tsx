import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { GuestPayOptionsQuery } from '../gql/graphql';
import { useLocale, useT } from '../shared/locale';
import { navigate } from '../shared/navigation';
import { usePageTitle } from '../shared/page-title';
import type { PageTenant } from '../shared/page-tenant';
import { ErrorSummary } from '../shared/error-summary';
import { TextField, fieldProblems, problem, requestProblem, serverProblems, useProblems, type Problem } from './form-parts';
import { newAttemptKey, type AccountTarget, type GuestFlow, type PayTarget } from './guest-flow';
import { methodLabel } from './account/method-label';
import { SaidMethod } from '../shared/said-masked';
import type { HostedFieldsHandle } from './hosted-fields';
import { formatLocalDate } from './local-date';
import { PayButton } from './pay-button';
import { methodKindsTaken, type MethodKind } from './methods-taken';
import { usePaymentAttempt } from './payment-attempt';
import { PaymentDetailsFields } from './payment-details-fields';
import { CheckDetailsAlert, PaymentTrouble, declineAdvice, refusedRequest } from './payment-trouble';
import { FeeFacts, FeeNote, FeeTrouble, usePaymentTotal } from './payment-total';
import { PAYABLE_WORDS } from './payable-words';
import { GuestPayOptionsDocument, LookupAccountDocument, LookupPayableDocument, MakeGuestPaymentDocument } from './portal-operations';
import { decimalFromCents, formatDecimal, parseAmountCents } from '../shared/decimal-amount';
import { NotLoaded } from '../shared/not-loaded';
import { accountNumberHint } from './account-number-hint';

type Options = GuestPayOptionsQuery['tenant'];
type SetFlow = (flow: GuestFlow) => void;

interface StepProps<S extends GuestFlow['step']> {
  readonly tenant: PageTenant;
  readonly options: Options;
  readonly flow: Extract<GuestFlow, { step: S }>;
  readonly setFlow: SetFlow;
}

/** Issue 14 items 2, 4, 7, 8: pay without an account in three steps (find, amount, card or bank), or a citation or another charge on its own. */
export function GuestPay({ tenant, flow, setFlow }: { readonly tenant: PageTenant; readonly flow: Exclude<GuestFlow, { step: 'home' | 'receipt' }>; readonly setFlow: SetFlow }) {
  const t = useT();
  const { data, error, refetch } = useQuery(GuestPayOptionsDocument);
  const heading = useRef<HTMLHeadingElement>(null);
  const stepNumber = flow.step === 'find' ? 1 : flow.step === 'amount' ? 2 : 3;
  useEffect(() => {
    // A new step is a new page to a screen reader: say so by moving focus to its heading (or to what it must fix first).
    (document.querySelector<HTMLElement>('.pay-flow .error-summary') ?? heading.current)?.focus();
  }, [flow.step]);

  const options = data?.tenant;
  const stepCount = t('portal.pay.stepOf', { step: stepNumber, steps: 3 });
  const stepHeading = t(
    flow.step === 'find'
      ? flow.mode === 'ACCOUNT'
        ? 'portal.pay.findHeading'
        : PAYABLE_WORDS[flow.mode].findHeading
      : flow.step === 'amount'
        ? 'portal.pay.amountHeading'
        : 'portal.pay.methodHeading',
  );
  usePageTitle(`${stepCount}: ${stepHeading}`);
  return (
    <div className="narrow pay-flow">
      <p className="step-count">{stepCount}</p>
      <h1 tabIndex={-1} ref={heading}>
        {stepHeading}
      </h1>
      {!options ? (
        <NotLoaded failed={!!error} onRetry={() => void refetch()} />
      ) : flow.step === 'find' ? (
        <FindStep tenant={tenant} options={options} flow={flow} setFlow={setFlow} />
      ) : flow.step === 'amount' ? (
        <AmountStep tenant={tenant} options={options} flow={flow} setFlow={setFlow} />
      ) : (
        <MethodStep tenant={tenant} options={options} flow={flow} setFlow={setFlow} />
      )}
    </div>
  );
}

/** Step 1: the account number (and the last payment amount where the city asks), or the number of a citation or another charge. */
function FindStep({ options, flow, setFlow }: StepProps<'find'>) {
  const t = useT();
  const ids = useId();
  const payableMode = flow.mode === 'ACCOUNT' ? null : flow.mode;
  const words = payableMode && PAYABLE_WORDS[payableMode];
  const askLastPayment = !payableMode && options.paymentRules.verificationMode === 'ACCOUNT_NUMBER_AND_LAST_PAYMENT';
  const [number, setNumber] = useState(flow.number ?? '');
  const [lastPayment, setLastPayment] = useState(flow.lastPayment ?? '');
  const [problems, setProblems] = useProblems();
  const [lookupAccount, account] = useMutation(LookupAccountDocument);
  const [lookupPayable, payable] = useMutation(LookupPayableDocument);
  const busy = account.loading || payable.loading;
  const field = { number: `${ids}-number`, lastPayment: `${ids}-last-payment` };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, Problem> = {};
    if (!number.trim()) missing[field.number] = problem(words ? words.numberRequired : 'portal.pay.accountNumberRequired');
    if (askLastPayment && parseAmountCents(lastPayment) === null) missing[field.lastPayment] = problem('portal.pay.lastPaymentInvalid');
    setProblems(missing);
    if (Object.keys(missing).length > 0) return;
    try {
      if (payableMode) {
        const { data } = await lookupPayable({ variables: { input: { kind: payableMode, referenceNumber: number.trim() } } });
        const result = data?.lookupPayable;
        const found = result?.payable;
        if (!found) return setProblems(fieldProblems(result?.userErrors ?? [], { referenceNumber: field.number }));
        const target: PayTarget = {
          kind: 'PAYABLE',
          payableKind: payableMode,
          payableId: found.payableId,
          referenceNumber: found.referenceNumber,
          description: found.description ?? null,
          maskedName: found.maskedName,
          dueDate: found.dueDate,
          amountDue: found.amountDue,
        };
        return setFlow({ step: 'amount', target, amount: BigInt(found.amountDue.cents) > 0n ? found.amountDue.amount : '', email: '' });
      }
      const lastPaymentAmount = askLastPayment ? decimalFromCents(parseAmountCents(lastPayment)!) : null;
      const { data } = await lookupAccount({ variables: { input: { accountNumber: number.trim(), ...(lastPaymentAmount ? { lastPaymentAmount } : {}) } } });
      const result = data?.lookupAccount;
      const found = result?.account;
      if (!found) return setProblems(fieldProblems(result?.userErrors ?? [], { accountNumber: field.number, lastPaymentAmount: field.lastPayment }));
      const target: AccountTarget = {
        kind: 'ACCOUNT',
        accountNumber: found.accountNumber,
        lastPaymentAmount,
        maskedName: found.maskedName,
        maskedAddress: found.maskedAddress,
        status: found.status,
        dueDate: found.dueDate ?? null,
        amountDue: found.amountDue,
        pastDue: found.pastDueNow,
        pending: found.pendingPayments,
      };
      setFlow({ step: 'amount', target, amount: BigInt(found.amountDue.cents) > 0n ? found.amountDue.amount : '', email: '' });
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  return (
    <>
      <p>{t(words ? words.findIntro : askLastPayment ? 'portal.pay.findIntroLastPayment' : 'portal.pay.findIntro')}</p>
      <ErrorSummary problems={problems} id={`${ids}-summary`} />
      <form className="card" noValidate onSubmit={(event) => void submit(event)}>
        <TextField
          id={field.number}
          label={t(words ? words.number : 'portal.pay.accountNumber')}
          hint={words ? t(words.numberHint) : accountNumberHint(t, options.accountNumberExample)}
          error={problems[field.number]}
          autoComplete="off"
          spellCheck={false}
          value={number}
          onChange={(event) => setNumber(event.target.value)}
        />
        {askLastPayment && (
          <TextField
            id={field.lastPayment}
            label={t('portal.pay.lastPayment')}
            hint={t('portal.pay.lastPaymentHint')}
            error={problems[field.lastPayment]}
            inputMode="decimal"
            autoComplete="off"
            value={lastPayment}
            onChange={(event) => setLastPayment(event.target.value)}
          />
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t(busy ? 'portal.pay.finding' : 'portal.pay.continue')}
          </button>
          <button type="button" className="secondary" onClick={() => setFlow({ step: 'home' })}>
            {t('portal.pay.cancel')}
          </button>
        </div>
      </form>
    </>
  );
}

/** Step 2: whose account (masked), what is owed, how much to pay, and where the receipt goes. */
function AmountStep({ options, flow, setFlow }: StepProps<'amount'>) {
  const t = useT();
  const { locale } = useLocale();
  const ids = useId();
  const { target } = flow;
  const [amount, setAmount] = useState(flow.amount);
  const [email, setEmail] = useState(flow.email);
  const field = { amount: `${ids}-amount`, email: `${ids}-email` };
  const [problems, setProblems] = useProblems(() => ({
    ...(flow.refused?.amount ? { [field.amount]: { text: flow.refused.amount } } : {}),
    ...(flow.refused?.email ? { [field.email]: { text: flow.refused.email } } : {}),
  }));
  const disconnected = target.kind === 'ACCOUNT' && target.status === 'DISCONNECTED';
  const words = target.kind === 'PAYABLE' ? PAYABLE_WORDS[target.payableKind ?? 'CITATION'] : null;

  // Step 1 again with what the payer gave it, as the city's records write it, not blank.
  const back = () =>
    setFlow(
      target.kind === 'PAYABLE'
        ? { step: 'find', mode: target.payableKind ?? 'CITATION', number: target.referenceNumber }
        : { step: 'find', mode: 'ACCOUNT', number: target.accountNumber, lastPayment: target.lastPaymentAmount ?? '' },
    );

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, Problem> = {};
    const cents = parseAmountCents(amount);
    if (cents === null || cents <= 0n) found[field.amount] = problem('portal.pay.amountInvalid');
    else if (cents > BigInt(options.payments.maxPayment.cents)) found[field.amount] = problem('portal.pay.amountTooLarge', { max: options.payments.maxPayment.formatted });
    else if (target.kind === 'PAYABLE' && words && cents > BigInt(target.amountDue.cents)) found[field.amount] = problem(words.amountOver, { due: target.amountDue.formatted });
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) found[field.email] = problem('portal.pay.emailInvalid');
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setFlow({ step: 'method', target, amount: decimalFromCents(cents!), email: email.trim(), methodKind: methodKindsTaken(options.payments)[0], attemptKey: newAttemptKey() });
  }

  return (
    <>
      <ErrorSummary problems={problems} id={`${ids}-summary`} />
      <section className="card" aria-labelledby={`${ids}-paying`}>
        <h2 id={`${ids}-paying`}>{t(words ? words.found : 'portal.pay.accountFound')}</h2>
        <dl className="facts">
          {target.kind === 'PAYABLE' ? (
            <>
              <dt>{t(PAYABLE_WORDS[target.payableKind ?? 'CITATION'].number)}</dt>
              <dd>{target.referenceNumber}</dd>
              {target.description && (
                <>
                  <dt>{t('portal.pay.description')}</dt>
                  <dd>{target.description}</dd>
                </>
              )}
              <dt>{t('portal.pay.name')}</dt>
              <dd>{target.maskedName}</dd>
              <dt>{t('portal.pay.dueDate')}</dt>
              <dd>{formatLocalDate(target.dueDate, locale)}</dd>
              <dt>{t('portal.pay.amountDue')}</dt>
              <dd className="money">{target.amountDue.formatted}</dd>
            </>
          ) : (
            <>
              <dt>{t('portal.pay.name')}</dt>
              <dd>{target.maskedName}</dd>
              <dt>{t('portal.pay.serviceAddress')}</dt>
              <dd>{target.maskedAddress}</dd>
              <dt>{t('portal.pay.amountDue')}</dt>
              <dd className="money">
                {target.amountDue.formatted}
                {target.dueDate && ` · ${t('portal.pay.dueOn', { date: formatLocalDate(target.dueDate, locale) })}`}
              </dd>
              {target.pastDue.cents !== '0' && (
                <>
                  <dt>{t('portal.pay.pastDue')}</dt>
                  <dd>{target.pastDue.formatted}</dd>
                </>
              )}
              {target.pending.cents !== '0' && (
                <>
                  <dt>{t('portal.pay.pending')}</dt>
                  <dd>{t('portal.pay.pendingNote', { amount: target.pending.formatted })}</dd>
                </>
              )}
            </>
          )}
        </dl>
      </section>
      {disconnected && (
        <section className="notice restore" aria-labelledby={`${ids}-restore`}>
          <h2 id={`${ids}-restore`}>{t('portal.pay.disconnectedHeading')}</h2>
          <p>{t('portal.pay.restoreAmount', { amount: target.amountDue.formatted })}</p>
          <p>{t('portal.pay.restoreHow')}</p>
        </section>
      )}
      <form className="card" noValidate onSubmit={submit}>
        <TextField
          id={field.amount}
          label={t('portal.pay.amount')}
          hint={t('portal.pay.amountHint')}
          error={problems[field.amount]}
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
        />
        <TextField
          id={field.email}
          label={t('portal.pay.email')}
          hint={t('portal.pay.emailHint')}
          error={problems[field.email]}
          type="email"
          autoComplete="email"
          spellCheck={false}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <div className="actions">
          <button type="submit">{t('portal.pay.continue')}</button>
          <button type="button" className="secondary" onClick={back}>
            {t('portal.pay.back')}
          </button>
        </div>
      </form>
    </>
  );
}

/**
 * Step 3: the card or bank form (the processor's frame), the total with the
 * city's fee, and Pay. Once an attempt's answer is lost it is kept (its key,
 * its token) and nothing it was sent with can change until the same request
 * again settles it: the API answers a retry with the payment it recorded.
 */
function MethodStep({ tenant, options, flow, setFlow }: StepProps<'method'>) {
  const t = useT();
  const { locale } = useLocale();
  const ids = useId();
  const hosted = useRef<HostedFieldsHandle>(null);
  const methodHeading = useRef<HTMLHeadingElement>(null);
  const { paying, trouble, setTrouble, unanswered, attempt, sentFromHostedForm } = usePaymentAttempt(flow.sent);
  const [makePayment] = useMutation(MakeGuestPaymentDocument);
  const quote = usePaymentTotal(flow.amount);
  const { target } = flow;
  const amountText = formatDecimal(flow.amount, locale);
  const totalText = quote.total ? formatDecimal(quote.total.total, locale) : null;
  const sentTotalText = flow.sent?.confirmedTotal ? formatDecimal(flow.sent.confirmedTotal, locale) : null;
  const kinds = methodKindsTaken(options.payments);
  // A flow the tab kept from before the city stopped taking a kind opens on one it takes.
  const methodKind = kinds.includes(flow.methodKind) ? flow.methodKind : kinds[0];

  async function pay() {
    if (!quote.total || flow.sent?.inDoubt) return;
    // What the payer sees on Pay is what they confirm: makePayment charges it, or refuses with FEE_CHANGED.
    const shownTotal = quote.total.total;
    await attempt(async () => {
      let sent = flow.sent;
      if (!sent) {
        sent = await sentFromHostedForm(hosted.current!, shownTotal);
        if (!sent) return;
        setTrouble(null);
      }
      // Kept before it goes: a reload while it is on its way finds it, and can only send it again.
      const sending = { ...flow, sent };
      setFlow(sending);
      const allocation =
        target.kind === 'PAYABLE'
          ? { payableId: target.payableId, amount: flow.amount }
          : { accountNumber: target.accountNumber, amount: flow.amount, ...(target.lastPaymentAmount ? { lastPaymentAmount: target.lastPaymentAmount } : {}) };
      let result;
      try {
        const { data } = await makePayment({
          variables: { input: { idempotencyKey: flow.attemptKey, allocations: [allocation], ...sent.source, payerEmail: flow.email, confirmedTotal: sent.confirmedTotal ?? null } },
        });
        result = data?.makePayment;
      } catch (error) {
        const refused = refusedRequest(error, { retry: flow.sent !== undefined });
        if (refused) {
          // A retry refused leaves the first send's answer unknown: it stays kept, under its key (refusedRequest).
          if (refused.kind === 'refused') setFlow(withoutSent(flow));
          return setTrouble(refused);
        }
        // Whether it was charged is unknown: the same key with the same request returns the first payment if there was one.
        return setTrouble({ kind: 'network' });
      }
      if (!result) return setTrouble({ kind: 'network' });
      const payment = result.payment;
      if (payment && result.userErrors.length === 0) {
        // A signed-in payer gets no receiptToken (the payment is theirs): their own receipt, read by id, is the one they can see.
        if (!result.receiptToken) {
          setFlow({ step: 'home' });
          return navigate(`/account/receipt/${payment.id}`);
        }
        const restoration = target.kind === 'ACCOUNT' && target.status === 'DISCONNECTED';
        return setFlow({ step: 'receipt', confirmationNumber: payment.confirmationNumber, receiptToken: result.receiptToken, restoration });
      }
      if (result.userErrors.some((error) => error.code === 'IDEMPOTENCY_KEY_REUSED')) {
        // Never a new key behind the payer's back: the first attempt may have been charged, and they are told how to find out.
        setFlow({ ...sending, sent: { ...sent, inDoubt: true } });
        return setTrouble({ kind: 'doubt' });
      }
      // This attempt is over (declined or refused): the next Pay is a new attempt with a new key and a new token.
      setFlow(withoutSent(flow));
      if (result.userErrors.some((error) => error.code === 'FEE_CHANGED')) {
        // The city changed its fee since the page asked: nothing was recorded or charged. The new fee and total are shown
        // before Pay is offered again, for the payer to confirm.
        await quote.requote();
        return setTrouble({ kind: 'refused', messages: serverProblems(result.userErrors) });
      }
      if (payment) return setTrouble({ kind: 'decline', message: declineAdvice(result.userErrors[0]) });
      // Refused before anything was recorded. The amount or the email: back to step 2, said at the field.
      const at = (name: string) => result.userErrors.find((error) => error.field.at(-1) === name)?.message;
      const refused = { amount: at('amount'), email: at('payerEmail') };
      if (refused.amount || refused.email) return setFlow({ step: 'amount', target, amount: flow.amount, email: flow.email, refused });
      setTrouble({ kind: 'refused', messages: serverProblems(result.userErrors) });
    });
  }

  const chooseKind = (methodKind: MethodKind) => {
    setTrouble(null);
    setFlow({ ...withoutSent(flow), methodKind });
  };

  /** The payer, told the earlier payment may have gone through, chooses to pay anew: a new attempt, the form back. */
  function payAnew() {
    setTrouble(null);
    setFlow(withoutSent(flow));
    methodHeading.current?.focus();
  }

  const changeAmount = () => setFlow({ step: 'amount', target, amount: flow.amount, email: flow.email });

  return (
    <>
      <section className="card" aria-labelledby={`${ids}-summary`}>
        <h2 id={`${ids}-summary`}>{t('portal.pay.summary')}</h2>
        <dl className="facts">
          <dt>{t(target.kind === 'PAYABLE' ? PAYABLE_WORDS[target.payableKind ?? 'CITATION'].number : 'portal.pay.name')}</dt>
          <dd>{target.kind === 'PAYABLE' ? target.referenceNumber : target.maskedName}</dd>
          <dt>{t('portal.pay.amount')}</dt>
          <dd className="money">{amountText}</dd>
          <FeeFacts total={quote.total} />
          <dt>{t('portal.pay.receiptTo')}</dt>
          <dd>{flow.email}</dd>
        </dl>
        {!unanswered && (
          <button type="button" className="link-like" disabled={paying} onClick={changeAmount}>
            {t('portal.pay.change')}
          </button>
        )}
      </section>

      <PaymentTrouble
        trouble={trouble}
        doubt={{ amount: sentTotalText ?? totalText ?? amountText, howToFindOut: <p>{t('portal.pay.doubtCheckEmail', { email: flow.email })}</p>, onPayAnew: payAnew }}
      />

      <section className="card" aria-labelledby={`${ids}-method`}>
        <h2 id={`${ids}-method`} ref={methodHeading} tabIndex={-1}>
          {t('portal.pay.method')}
        </h2>
        {unanswered && flow.sent ? (
          <p>
            <SaidMethod text={t('portal.pay.sentWith', { method: methodLabel(t, flow.sent.method) })} method={flow.sent.method} />
          </p>
        ) : (
          <>
            {kinds.length > 1 && (
              <fieldset className="field method-choice" disabled={paying}>
                <legend>{t('portal.pay.methodLegend')}</legend>
                {kinds.map((kind) => (
                  <label key={kind} className="choice">
                    <input type="radio" name={`${ids}-kind`} value={kind} checked={methodKind === kind} onChange={() => chooseKind(kind)} />
                    {t(kind === 'CARD' ? 'portal.pay.card' : 'portal.pay.bank')}
                  </label>
                ))}
              </fieldset>
            )}
            {methodKind === 'CARD' && (
              <p className="hint">
                {t('portal.pay.cardsAccepted', {
                  brands: new Intl.ListFormat(`${locale}-US`, { type: 'conjunction' }).format(options.payments.acceptedCardBrands.map((brand) => t(`brand.${brand}`))),
                })}
              </p>
            )}
          </>
        )}
        <PaymentDetailsFields ref={hosted} tenant={tenant} payments={options.payments} kind={methodKind} unanswered={unanswered} />
        <CheckDetailsAlert trouble={trouble} />
        {quote.failed && <FeeTrouble retry={quote.retry} />}
        {!unanswered && <p className="hint">{t('portal.pay.secureNote')}</p>}
        <div className="actions">
          {trouble?.kind !== 'doubt' && <PayButton total={quote.total} paying={paying} unanswered={unanswered} feeNoteId={`${ids}-fee-note`} onPay={() => void pay()} />}
          {!unanswered && (
            <button type="button" className="secondary" disabled={paying} onClick={changeAmount}>
              {t('portal.pay.back')}
            </button>
          )}
        </div>
        <FeeNote id={`${ids}-fee-note`} amount={flow.amount} total={quote.total} />
      </section>
    </>
  );
}

/** The flow with no attempt sent, under a new key: the next Pay is a new attempt. */
function withoutSent(flow: Extract<GuestFlow, { step: 'method' }>): Extract<GuestFlow, { step: 'method' }> {
  const { sent: _sent, ...rest } = flow;
  return { ...rest, attemptKey: newAttemptKey() };
}
