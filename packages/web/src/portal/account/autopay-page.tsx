import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { AccountViewerQuery, AutopayChangeFragment } from '../../gql/graphql';
import type { MessageKey } from '../../shared/i18n/translate';
import { useLocale, useT } from '../../shared/locale';
import { usePageTitle } from '../../shared/page-title';
import { navigate } from '../../shared/navigation';
import { ErrorSummary } from '../../shared/error-summary';
import { TextField, fieldProblems, problem, requestProblem, useProblems, useProblemText, type Problem } from '../form-parts';
import { QueriesNotLoaded } from '../queries-not-loaded';
import { formatLocalDate } from '../local-date';
import { AccountOptionsDocument, CancelAutopayDocument, EnrollAutopayDocument, PaymentMethodsDocument, UpdateAutopayDocument, ViewerAccountsDocument } from './account-operations';
import { AppLink } from '../../shared/app-link';
import { AUTOPAY_STATUS, SUSPENSION_REASON } from './autopay-status';
import { methodLabel } from './method-label';
import { SaidMethod } from '../../shared/said-masked';
import { startSelection, type Payer } from './pay-selection';
import { decimalFromCents, formatDecimal, parseAmountCents } from '../../shared/decimal-amount';

type Account = NonNullable<AccountViewerQuery['viewer']>['serviceAccounts'][number];

/** This month's deduction as the API weighed it, in the API's decimal strings ("313.00"). */
interface Deduction {
  /** What it pays toward the account. */
  readonly amount: string;
  readonly fee: string;
  /** amount plus fee: what the method is charged, and what the maximum is weighed against. */
  readonly total: string;
  /** The most the city takes in one payment, the fee aside. */
  readonly paymentLimit: string;
}

/**
 * What an enrolment, a change or a stop came to: the API's thisMonth with the amounts its sentence names, kept as data
 * rather than as the server's sentence, so the notice is said, warnings and all, in the page's language of the moment
 * (a switch of language reads queries again, not this answer). Amounts are the API's decimal strings.
 */
type EnrolOutcome =
  | { readonly kind: 'STOPPED' }
  /** Past this month's deduction day: what is owed now (nothing when zero or less) is the payer's to pay once. */
  | { readonly kind: 'NOT_COVERED'; readonly date: string; readonly amountDue: string }
  | { readonly kind: 'NOTHING_DUE'; readonly date: string }
  | { readonly kind: 'WILL_PAY' | 'OVER_PAYMENT_LIMIT'; readonly date: string; readonly deduction: Deduction }
  | { readonly kind: 'OVER_MAXIMUM'; readonly date: string; readonly deduction: Deduction; readonly maximum: string };

/** Whether an amount the API wrote is more than zero (a credit, "-5.00", is not: parseAmountCents takes no sign). */
const moreThanZero = (amount: string) => (parseAmountCents(amount) ?? 0n) > 0n;

/**
 * What the enrolment or change answered, as an EnrolOutcome. The API sends thisMonth, and the amounts it names, with
 * every enrolment it makes: an answer without them is a fault, said as one rather than guessed at.
 */
function enrolOutcome(result: AutopayChangeFragment): EnrolOutcome {
  const { thisMonth: kind, firstDeductionDate: date } = result;
  if (!kind || !date) throw new Error('An Auto Pay answer without thisMonth or firstDeductionDate');
  if (kind === 'NOT_COVERED') return { kind, date, amountDue: result.amountDue?.amount ?? '0.00' };
  if (kind === 'NOTHING_DUE') return { kind, date };
  const weighed = result.deduction;
  if (!weighed) throw new Error(`An Auto Pay answer of ${kind} without its deduction`);
  const deduction = { amount: weighed.amount.amount, fee: weighed.fee.amount, total: weighed.total.amount, paymentLimit: weighed.paymentLimit.amount };
  if (kind !== 'OVER_MAXIMUM') return { kind, date, deduction };
  const maximum = result.autopay?.maxAmount?.amount;
  if (!maximum) throw new Error('An Auto Pay answer of OVER_MAXIMUM without the maximum');
  return { kind, date, deduction, maximum };
}

/** The notice's sentence in the page's language. */
function useNoticeText(): (outcome: EnrolOutcome) => string {
  const t = useT();
  const { locale } = useLocale();
  const money = (amount: string) => formatDecimal(amount, locale);
  return (outcome) => {
    if (outcome.kind === 'STOPPED') return t('account.autopay.stopped');
    const date = formatLocalDate(outcome.date, locale);
    switch (outcome.kind) {
      case 'NOT_COVERED':
        return moreThanZero(outcome.amountDue) ? t('account.autopay.notCovered', { amount: money(outcome.amountDue), date }) : t('account.autopay.notCoveredNothingDue', { date });
      case 'NOTHING_DUE':
        return t('account.autopay.startsOn', { date });
      case 'OVER_PAYMENT_LIMIT':
        return t('account.autopay.overPaymentLimit', { total: money(outcome.deduction.total), limit: money(outcome.deduction.paymentLimit), date });
      case 'OVER_MAXIMUM':
        return t('account.autopay.overMaximum', { total: money(outcome.deduction.total), maximum: money(outcome.maximum), date });
      case 'WILL_PAY': {
        const { amount, fee, total } = outcome.deduction;
        if (!moreThanZero(fee)) return t('account.autopay.willPay', { amount: money(amount), date });
        return t('account.autopay.willPayWithFee', { amount: money(amount), fee: money(fee), total: money(total), date });
      }
    }
  };
}

/**
 * Issue 14 item 6, the autopay guide's screen: per account Enrolled / Not
 * Enrolled / Suspended, enrol, or edit (which resumes a suspended one) and
 * stop, and this month's notice.
 */
export function AutopayPage({ payer }: { readonly payer: Payer }) {
  const t = useT();
  usePageTitle(t('account.autopay.heading'));
  const accountsQuery = useQuery(ViewerAccountsDocument, { fetchPolicy: 'cache-and-network' });
  const optionsQuery = useQuery(AccountOptionsDocument);
  const { data, refetch } = accountsQuery;
  const options = optionsQuery.data?.tenant;
  const accounts = data?.viewer?.serviceAccounts ?? [];
  const bankOnline = options?.autopayRules.methodsAllowedOnline.includes('BANK_ACCOUNT') ?? false;

  return (
    <>
      <h1 tabIndex={-1}>{t('account.autopay.heading')}</h1>
      {options && (
        <p>
          {t(options.autopayRules.deductionDay > 28 ? 'account.autopay.introMonthEnd' : 'account.autopay.intro', { day: options.autopayRules.deductionDay })}{' '}
          {!bankOnline && t('account.autopay.bankByPaper')}
        </p>
      )}
      {!data || !options ? (
        <QueriesNotLoaded queries={[accountsQuery, optionsQuery]} />
      ) : accounts.length === 0 ? (
        <p>
          {t('account.dashboard.none')} <AppLink to="/account">{t('account.nav.accounts')}</AppLink>
        </p>
      ) : (
        <ul className="account-cards">
          {accounts.map((account) => (
            <AutopayAccount key={account.id} payer={payer} account={account} allowed={options.autopayRules.methodsAllowedOnline} onChanged={() => void refetch()} />
          ))}
        </ul>
      )}
    </>
  );
}

function AutopayAccount({ payer, account, allowed, onChanged }: { readonly payer: Payer; readonly account: Account; readonly allowed: readonly string[]; readonly onChanged: () => void }) {
  const t = useT();
  const noticeText = useNoticeText();
  const { locale } = useLocale();
  const ids = useId();
  const autopay = account.autopay;
  const enrolled = autopay.status === 'ENROLLED';
  const mine = ownAutopay(account);
  const closed = account.status === 'CLOSED';
  const [editing, setEditing] = useState(false);
  const [outcome, setOutcome] = useState<EnrolOutcome | null>(null);
  // The form closes under the keyboard's focus: it goes to what the form came to (the notice), or back to the button that opened it.
  const notice = useRef<HTMLElement>(null);
  const open = useRef<HTMLButtonElement>(null);
  const [focusAfterForm, setFocusAfterForm] = useState<'notice' | 'open' | null>(null);
  useEffect(() => {
    if (!focusAfterForm) return;
    (focusAfterForm === 'notice' ? notice : open).current?.focus();
    setFocusAfterForm(null);
  }, [focusAfterForm]);

  function payNow(amount: string) {
    startSelection(payer, [{ serviceAccountId: account.id, accountNumber: account.accountNumber, amount }]);
    navigate('/account/pay');
  }

  return (
    <li className="card">
      <h2 id={`${ids}-heading`}>{t('account.dashboard.accountHeading', { number: account.accountNumber })}</h2>
      <dl className="facts">
        <dt>{t('account.autopay.status')}</dt>
        <dd className="autopay-status" data-status={autopay.status}>
          {t(closed ? 'account.autopay.closedAccount' : AUTOPAY_STATUS[autopay.status])}
        </dd>
        {enrolled && autopay.nextDeductionDate && (
          <>
            <dt>{t('account.autopay.nextDeduction')}</dt>
            <dd>{formatLocalDate(autopay.nextDeductionDate, locale)}</dd>
          </>
        )}
        {autopay.method && (
          <>
            <dt>{t('account.autopay.method')}</dt>
            <dd>
              <SaidMethod text={methodLabel(t, autopay.method)} method={autopay.method} />
              {enrolled && autopay.method.expiresBeforeNextDeduction && <p className="field-error">{t('account.autopay.cardExpiring')}</p>}
            </dd>
          </>
        )}
        {enrolled && (
          <>
            <dt>{t('account.autopay.maximum')}</dt>
            <dd>{autopay.maxAmount?.formatted ?? t('account.autopay.noMaximum')}</dd>
          </>
        )}
      </dl>
      {mine && autopay.status === 'SUSPENDED' && autopay.suspendedReason && (
        <p className="field-error">{t('account.autopay.suspendedBecause', { reason: t(SUSPENSION_REASON[autopay.suspendedReason]) })}</p>
      )}
      {outcome && (
        <section className={outcome.kind === 'NOT_COVERED' ? 'notice restore' : 'notice'} aria-labelledby={`${ids}-notice`} role="status" tabIndex={-1} ref={notice}>
          <h3 id={`${ids}-notice`}>{t(NOTICE_HEADING[outcome.kind])}</h3>
          <p>{noticeText(outcome)}</p>
          {outcome.kind === 'NOT_COVERED' && moreThanZero(outcome.amountDue) && (
            <button type="button" onClick={() => payNow(outcome.amountDue)}>
              {t('account.autopay.payNow', { amount: formatDecimal(outcome.amountDue, locale) })}
            </button>
          )}
        </section>
      )}
      {editing ? (
        <AutopayForm
          account={account}
          allowed={allowed}
          onDone={(result) => {
            setEditing(false);
            setFocusAfterForm(result ? 'notice' : 'open');
            if (result) {
              setOutcome(result);
              onChanged();
            }
          }}
        />
      ) : closed ? (
        // Nothing to enrol (the API refuses it: ACCOUNT_CLOSED) and nothing left to stop (the run ends its enrolment); its final bill is paid once.
        <>
          <p>{t('account.autopay.closed', { date: account.closedOn ? formatLocalDate(account.closedOn, locale) : '' })}</p>
          {moreThanZero(account.balance.amountDueNow.amount) && (
            <button type="button" onClick={() => payNow(account.balance.amountDueNow.amount)}>
              {t('account.autopay.payNow', { amount: formatDecimal(account.balance.amountDueNow.amount, locale) })}
            </button>
          )}
        </>
      ) : autopay.status !== 'NOT_ENROLLED' && !mine ? (
        <p>{t('account.autopay.someoneElses')}</p>
      ) : (
        <button type="button" className="secondary" ref={open} onClick={() => setEditing(true)} aria-describedby={`${ids}-heading`}>
          {t(mine ? 'account.autopay.edit' : 'account.autopay.enrol')}
        </button>
      )}
    </li>
  );
}

/** A month autopay will not pay (OVER_*) is set all the same: the sentence under the heading warns of it. */
const NOTICE_HEADING: Record<EnrolOutcome['kind'], MessageKey> = {
  STOPPED: 'account.autopay.stoppedHeading',
  NOT_COVERED: 'account.autopay.notCoveredHeading',
  NOTHING_DUE: 'account.autopay.saved',
  WILL_PAY: 'account.autopay.saved',
  OVER_MAXIMUM: 'account.autopay.saved',
  OVER_PAYMENT_LIMIT: 'account.autopay.saved',
};

/**
 * The viewer's own autopay (enrolled or suspended) of the account, which they
 * may edit or stop: the API shows the method to the customer who enrolled
 * only. Another holder's is theirs to change; one whose enroller has unlinked
 * the account comes as Not Enrolled, for another holder to enrol in its place.
 */
const ownAutopay = (account: Account) => account.autopay.status !== 'NOT_ENROLLED' && account.autopay.method !== null;

/**
 * The choice the form starts from: the autopay's own method while the list shows it; a first enrolment, the first
 * listed. A method gone from the list (removed from the wallet, or of a kind the city no longer takes online) starts
 * from none: the form sends only a choice it shows, and Save asks for one rather than sending what was refused.
 */
function startingMethod(current: string | null, listed: readonly { readonly id: string }[]): string | null {
  if (current === null) return listed[0]?.id ?? null;
  return listed.some((method) => method.id === current) ? current : null;
}

/**
 * Enrol, or edit the viewer's own (resuming a suspended one): one of the saved methods the city takes online, and an
 * optional maximum. It opens in place of the button pressed, so its heading takes the focus that button had.
 */
function AutopayForm({ account, allowed, onDone }: { readonly account: Account; readonly allowed: readonly string[]; readonly onDone: (result: EnrolOutcome | null) => void }) {
  const t = useT();
  const say = useProblemText();
  const ids = useId();
  const enrolled = ownAutopay(account);
  const { data } = useQuery(PaymentMethodsDocument);
  // An expired card, or a bank account blocked after a return, is not offered: enrolment refuses it (METHOD_EXPIRES_TOO_SOON,
  // BANK_ACCOUNT_BLOCKED), and autopay would only suspend it.
  const methods = (data?.paymentMethods ?? []).filter((method) => !method.expired && !method.blockedBecause && allowed.includes(method.kind));
  // Only the person's own pick: the form starts from startingMethod, drawn from the list as it is loaded.
  const [methodId, setMethodId] = useState<string | null>(null);
  const [maximum, setMaximum] = useState(account.autopay.maxAmount?.amount ?? '');
  const [problems, setProblems] = useProblems();
  const [enrol, enrolling] = useMutation(EnrollAutopayDocument);
  const [update, updating] = useMutation(UpdateAutopayDocument);
  const [cancel, cancelling] = useMutation(CancelAutopayDocument);
  const field = { paymentMethodId: `${ids}-method`, maxAmount: `${ids}-max` };
  const chosen = methodId ?? startingMethod(account.autopay.method?.id ?? null, methods);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, Problem> = {};
    if (!chosen) found[field.paymentMethodId] = problem('account.autopay.methodRequired');
    const cents = maximum.trim() ? parseAmountCents(maximum) : null;
    if (maximum.trim() && cents === null) found[field.maxAmount] = problem('account.autopay.maximumInvalid');
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    const input = { serviceAccountId: account.id, paymentMethodId: chosen!, maxAmount: cents === null ? null : decimalFromCents(cents) };
    try {
      const result = enrolled ? (await update({ variables: { input } })).data?.updateAutopay : (await enrol({ variables: { input } })).data?.enrollAutopay;
      if (!result || result.userErrors.length > 0) return setProblems(fieldProblems(result?.userErrors ?? [], field));
      onDone(enrolOutcome(result));
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  async function stop() {
    try {
      const { data: result } = await cancel({ variables: { serviceAccountId: account.id } });
      const errors = result?.cancelAutopay.userErrors ?? [];
      if (errors.length > 0) return setProblems(fieldProblems(errors, {}));
      onDone({ kind: 'STOPPED' });
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  const methodError = problems[field.paymentMethodId];
  return (
    <form noValidate onSubmit={(event) => void submit(event)} aria-labelledby={`${ids}-heading`}>
      <h3 id={`${ids}-heading`} ref={heading} tabIndex={-1}>
        {t(enrolled ? 'account.autopay.editHeading' : 'account.autopay.enrolHeading', { number: account.accountNumber })}
      </h3>
      <ErrorSummary problems={problems} id={`${ids}-summary`} />
      {data && methods.length === 0 ? (
        <p>
          {t('account.autopay.noMethods')} <AppLink to="/account/wallet">{t('account.wallet.addCard')}</AppLink>
        </p>
      ) : (
        // The error is the group's description, read with its legend on entering it (as a text field's is read with
        // its label), and each radio is marked invalid: aria-invalid is not for a group.
        <fieldset className="field method-choice" id={field.paymentMethodId} aria-describedby={methodError ? `${field.paymentMethodId}-error` : undefined}>
          <legend>{t('account.autopay.payWith')}</legend>
          {methodError && (
            <p className="field-error" id={`${field.paymentMethodId}-error`}>
              {say(methodError)}
            </p>
          )}
          {methods.map((method) => (
            <label key={method.id} className="choice">
              <input type="radio" name={`${ids}-method`} checked={chosen === method.id} onChange={() => setMethodId(method.id)} aria-invalid={methodError ? true : undefined} />
              <SaidMethod text={methodLabel(t, method)} method={method} />
            </label>
          ))}
        </fieldset>
      )}
      <TextField
        id={field.maxAmount}
        label={t('account.autopay.maximumLabel')}
        hint={t('account.autopay.maximumHint')}
        error={problems[field.maxAmount]}
        inputMode="decimal"
        autoComplete="off"
        value={maximum}
        onChange={(event) => setMaximum(event.target.value)}
      />
      <div className="actions">
        <button type="submit" disabled={enrolling.loading || updating.loading || methods.length === 0}>
          {t(enrolled ? 'account.autopay.saveChanges' : 'account.autopay.enrolSubmit')}
        </button>
        {enrolled && (
          <button type="button" className="secondary" onClick={() => void stop()} disabled={cancelling.loading}>
            {t('account.autopay.stop')}
          </button>
        )}
        <button type="button" className="secondary" onClick={() => onDone(null)}>
          {t('portal.pay.cancel')}
        </button>
      </div>
    </form>
  );
}
