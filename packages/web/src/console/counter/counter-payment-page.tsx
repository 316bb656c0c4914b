import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CounterAccountsQuery, RecordCounterPaymentMutation } from '../../gql/graphql';
import { useLocale, useT } from '../../shared/locale';
import { useErrorInTitle } from '../../shared/page-title';
import { message, useMessageText, type Message } from '../../shared/message';
import { useSaidInLocale } from '../../shared/said-in-locale';
import { CounterAttempt, forgetUnconfirmed, keepUnconfirmed, loadUnconfirmed, type CounterClerk } from './counter-attempt';
import { CounterAccountsDocument, CounterDrawerStateDocument, CounterSettingsDocument, RecordCounterPaymentDocument } from './counter-operations';
import { NotLoaded } from '../../shared/not-loaded';
import { decimalFromCents, formatCents, parseAmountCents } from '../../shared/decimal-amount';
import { cityDate, cityDateTime } from '../city-time';
import { changeDue } from './cash-change';
import { CounterField } from './counter-field';
import { methodLabel, statusLabel } from '../payment-labels';
import { SaidMethod } from '../../shared/said-masked';
import { tenantSlugFromLocation } from '../../shared/tenant-slug';
import { AppLink } from '../../shared/app-link';
import './counter.css';

type Account = CounterAccountsQuery['serviceAccounts']['edges'][number]['node'];
type Recorded = NonNullable<RecordCounterPaymentMutation['recordCounterPayment']['payment']>;
type Method = 'CASH' | 'CHECK';
type FieldName = 'search' | 'amount' | 'cashReceived' | 'checkNumber' | 'receivedBy';

/** Problems to show: one per field beside it, and the rest about the payment as a whole. */
interface Problems {
  readonly fields: Partial<Record<FieldName, Message>>;
  readonly form: readonly Message[];
}
const NO_PROBLEMS: Problems = { fields: {}, form: [] };

/**
 * The problems still true once the page's language changes: its own messages, which follow the switch. The API's
 * words (in the language Record was pressed in) are dropped, as Record is not pressed again to hear them anew: it is a
 * payment. The same object when there are none to drop.
 */
function pageOwnProblems(said: Problems): Problems {
  const pageOwn = (each: Message) => !('text' in each);
  const fields = Object.entries(said.fields).filter(([, each]) => pageOwn(each));
  const form = said.form.filter(pageOwn);
  if (fields.length === Object.keys(said.fields).length && form.length === said.form.length) return said;
  return { fields: Object.fromEntries(fields), form };
}

/** Where a userError of recordCounterPayment belongs on this form (its path into the mutation's input). */
function fieldOf(path: readonly string[]): FieldName | null {
  const last = path.at(-1);
  if (last === 'amount') return 'amount';
  if (last === 'checkNumber' || last === 'receivedBy' || last === 'cashReceived') return last;
  if (last === 'serviceAccountId') return 'search';
  return null;
}

/** What the page says of a press whose answer was lost: whose it was, when the clerk now signed in is not who pressed. */
function notConfirmed(by: CounterClerk | null, clerk: CounterClerk): Message {
  return by && by.id !== clerk.id ? message('console.counter.notSentBy', { name: by.name }) : message('console.counter.notSent');
}

/**
 * Issue 13 item 7: money taken at the city's office. Staff find the account
 * by its number, see what it owes, and record cash or a check; the payment is
 * recorded once however often Record is pressed (one idempotency key per
 * attempt), and its confirmation number is shown to read to the resident.
 * When a press's answer is lost the form is held as it was sent, so the next
 * press is the same attempt, until an answer says what happened. `clerk` is
 * who is signed in: the held attempt may be another clerk's, at a counter
 * computer the clerks share. For cash, the clerk types the cash handed over (required): the page says the change due and
 * refuses cash short of the payment; it is sent beside the amount paid (only the amount paid goes to the account) and
 * kept with the payment, for the receipt, the audit log and the clerk's drawer, so it is part of the attempt as the
 * amount is. Dates are on the city's clock (`timeZone`), as the resident's receipt is.
 */
export function CounterPaymentPage({ clerk, timeZone }: { readonly clerk: CounterClerk; readonly timeZone: string }) {
  const t = useT();
  const { locale } = useLocale();
  const say = useMessageText();
  const ids = useId();
  const settings = useQuery(CounterSettingsDocument);
  // Read afresh on each visit: closed (or reopened) from My drawer since, the page says so as it opens, not on Record.
  const drawer = useQuery(CounterDrawerStateDocument, { fetchPolicy: 'network-only' });
  const myDrawer = drawer.data?.counterDrawer;
  const [tenant] = useState(() => tenantSlugFromLocation(location) ?? '');
  // A press whose answer was lost before this page was left or reloaded comes back as it was sent.
  const [held] = useState(() => loadUnconfirmed<Account>(tenant));
  const [search, setSearch] = useState(held?.account.accountNumber ?? '');
  const [findAccounts, found] = useLazyQuery(CounterAccountsDocument, { fetchPolicy: 'network-only' });
  const [account, setAccount] = useState<Account | null>(held?.account ?? null);
  const [amount, setAmount] = useState(held?.amount ?? '');
  const [method, setMethod] = useState<Method>(held?.method ?? 'CASH');
  const [checkNumber, setCheckNumber] = useState(held?.checkNumber ?? '');
  const [receivedBy, setReceivedBy] = useState(held?.receivedBy ?? '');
  const [cashReceived, setCashReceived] = useState(held?.cashReceived ?? '');
  const [problems, setProblems] = useSaidInLocale<Problems>(() => (held ? { fields: {}, form: [notConfirmed(held.by, clerk)] } : NO_PROBLEMS), pageOwnProblems);
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  // A press whose answer was lost: whether it was recorded is unknown, so nothing it was sent with may change.
  const [unconfirmed, setUnconfirmed] = useState(held !== null);
  // Who pressed Record for the attempt held now (null for an attempt kept before the page knew).
  const [heldBy, setHeldBy] = useState<CounterClerk | null>(held?.by ?? null);
  // The server says a payment is recorded under this attempt's key for another request (one recorded while the clerk
  // counted as part of the request, sent again by another clerk; a held form that differs). Money under that key is on
  // the account, so the form stays held and the clerk is sent to the account's payments, never invited to type it again.
  const [keyUsedFor, setKeyUsedFor] = useState<Account | null>(null);
  const [searchFailed, setSearchFailed] = useState(false);
  // Each search's number: the same count of matches, found again, is said again.
  const [searches, setSearches] = useState(0);
  const [record, { loading: recording }] = useMutation(RecordCounterPaymentDocument);
  const attempt = useRef(new CounterAttempt(held?.key));
  const inFlight = useRef(false);
  const summary = useRef<HTMLDivElement>(null);
  const searchAlert = useRef<HTMLDivElement>(null);
  const result = useRef<HTMLHeadingElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const paymentHeading = useRef<HTMLHeadingElement>(null);
  // What takes focus once the page has rendered what the clerk asked for: the button pressed is gone by then.
  const [focusNext, setFocusNext] = useState<'search' | 'payment' | null>(null);
  const hasProblems = Object.keys(problems.fields).length > 0 || problems.form.length > 0;

  useErrorInTitle(hasProblems);
  useEffect(() => {
    if (hasProblems) summary.current?.focus();
  }, [problems, hasProblems]);
  useEffect(() => {
    if (recorded) result.current?.focus();
  }, [recorded]);
  useEffect(() => {
    if (searchFailed) searchAlert.current?.focus();
  }, [searchFailed]);
  useEffect(() => {
    if (!focusNext) return;
    (focusNext === 'search' ? searchInput : paymentHeading).current?.focus();
    setFocusNext(null);
  }, [focusNext]);

  if (!settings.data) return <NotLoaded failed={!!settings.error} onRetry={() => void settings.refetch()} />;
  if (!settings.data.tenant.paymentRules.counterPaymentsAccepted) return <p className="notice">{t('console.counter.notAccepted')}</p>;

  const matches = found.data?.serviceAccounts.edges.map((edge) => edge.node) ?? [];
  const fieldId = (name: FieldName) => `${ids}-${name}`;
  /** Any change to what would be recorded makes the next press a new attempt (the fields are read-only while one is unconfirmed). */
  const edit = (set: (value: string) => void) => (value: string) => {
    if (unconfirmed) return;
    attempt.current.reset();
    set(value);
  };

  async function find() {
    if (unconfirmed || found.loading) return;
    setRecorded(null);
    setAccount(null);
    setSearchFailed(false);
    attempt.current.reset();
    if (!search.trim()) return setProblems({ fields: { search: message('console.counter.accountRequired') }, form: [] });
    setProblems(NO_PROBLEMS);
    let data;
    try {
      const result = await findAccounts({ variables: { search: search.trim() } });
      data = result.error ? null : result.data;
    } catch {
      data = null;
    }
    setSearches((count) => count + 1);
    if (!data) return setSearchFailed(true);
    const nodes = data?.serviceAccounts.edges.map((edge) => edge.node) ?? [];
    if (nodes.length === 0) return setProblems({ fields: { search: message('console.counter.noAccount') }, form: [] });
    // The exact number typed, or the one account that matches: chosen without a further step.
    const exact = nodes.find((node) => node.accountNumber.replace(/[\s-]/g, '') === search.replace(/[\s-]/g, ''));
    if (exact || nodes.length === 1) choose(exact ?? nodes[0]!);
  }

  /** The account to pay: its form replaces the matches (or follows the search), and its heading is read out. */
  function choose(chosen: Account) {
    setAccount(chosen);
    setFocusNext('payment');
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!account || inFlight.current || keyUsedFor) return;
    const missing: Partial<Record<FieldName, Message>> = {};
    // Read as the refund and adjustment dialogs read it: "$1,250.00", as this page writes the amount due, is 1250.00.
    const cents = parseAmountCents(amount);
    if (!amount.trim()) missing.amount = message('console.counter.amountRequired');
    else if (cents === null) missing.amount = message('console.counter.amountInvalid');
    if (method === 'CHECK' && !checkNumber.trim()) missing.checkNumber = message('console.counter.checkNumberRequired');
    if (!receivedBy.trim()) missing.receivedBy = message('console.counter.receivedByRequired');
    // Cash is counted against what was handed over (the change, the drawer), so it is asked for, as the API does; not of
    // an attempt held as it was sent before it was (its key finds what it recorded).
    if (method === 'CASH' && !cashReceived.trim() && !unconfirmed) missing.cashReceived = message('console.counter.cashReceivedRequired');
    const cash = method === 'CASH' && cashReceived.trim() ? cashFor(cents) : null;
    if (cash && 'problem' in cash) missing.cashReceived = cash.problem;
    if (cents === null || Object.keys(missing).length > 0) return setProblems({ fields: missing, form: [] });

    inFlight.current = true;
    const key = attempt.current.keyForSubmit();
    try {
      const { data } = await record({
        variables: {
          input: {
            idempotencyKey: key,
            allocations: [{ serviceAccountId: account.id, amount: decimalFromCents(cents) }],
            method,
            checkNumber: method === 'CHECK' ? checkNumber.trim() : null,
            receivedBy: receivedBy.trim(),
            cashReceived: cash && !('problem' in cash) ? decimalFromCents(cash.receivedCents) : null,
          },
        },
      });
      const payload = data?.recordCounterPayment;
      // An answer says what happened: the attempt need not outlive the page any more.
      if (payload) forgetUnconfirmed(tenant);
      if (payload) setHeldBy(null);
      if (payload?.userErrors.some((error) => error.code === 'IDEMPOTENCY_KEY_REUSED')) {
        setKeyUsedFor(account);
        return setProblems({ fields: {}, form: [message('console.counter.keyUsed', { number: account.accountNumber })] });
      }
      if (!payload?.payment) {
        const fields: Partial<Record<FieldName, Message>> = {};
        const form: Message[] = [];
        for (const error of payload?.userErrors ?? []) {
          const field = fieldOf(error.field);
          if (field && !fields[field]) fields[field] = { text: error.message };
          else form.push({ text: error.message });
        }
        setUnconfirmed(false);
        return setProblems({ fields, form: form.length > 0 || Object.keys(fields).length > 0 ? form : [message('common.loadFailed')] });
      }
      attempt.current.reset();
      setUnconfirmed(false);
      setProblems(NO_PROBLEMS);
      setRecorded(payload.payment);
    } catch {
      // The same attempt (and key) is kept, and the form held as sent, across leaving the page too: pressing Record
      // again cannot record twice.
      // A held attempt sent again stays the press of whoever made it.
      const by = unconfirmed && heldBy ? heldBy : clerk;
      keepUnconfirmed(tenant, { key, by, account, amount, method, checkNumber, receivedBy, cashReceived });
      setHeldBy(by);
      setUnconfirmed(true);
      setProblems({ fields: {}, form: [notConfirmed(by, clerk)] });
    } finally {
      inFlight.current = false;
    }
  }

  /** The cash typed against the payment of `paidCents`: what it is and the change, or why it cannot be taken. */
  function cashFor(paidCents: bigint | null): { readonly receivedCents: bigint } | { readonly problem: Message } {
    const receivedCents = parseAmountCents(cashReceived);
    if (receivedCents === null) return { problem: message('console.counter.cashReceivedInvalid') };
    const changeCents = paidCents === null ? null : changeDue(paidCents, receivedCents);
    if (paidCents !== null && changeCents === null) {
      return { problem: message('console.counter.cashReceivedShort', { received: formatCents(receivedCents, locale), amount: formatCents(paidCents, locale) }) };
    }
    return { receivedCents };
  }

  function startAnother() {
    setRecorded(null);
    setAccount(null);
    setAmount('');
    setCashReceived('');
    setCheckNumber('');
    setMethod('CASH');
    setSearch('');
    attempt.current.reset();
    setFocusNext('search');
  }

  /** The change due as the clerk types, once both amounts are read and the cash covers the payment. */
  function changeText(): string {
    const paid = parseAmountCents(amount);
    const received = cashReceived.trim() ? parseAmountCents(cashReceived) : null;
    const change = paid === null || received === null ? null : changeDue(paid, received);
    return change === null ? '' : t('console.counter.changeDueIs', { amount: formatCents(change, locale) });
  }

  /** A field's problem as said now, shown under its label. */
  const fieldError = (name: FieldName) => (problems.fields[name] ? say(problems.fields[name]) : undefined);
  /** What every field of the payment form shares: its id, its problem, its value, held while unconfirmed, an edit a new attempt. */
  const paymentField = (name: FieldName, value: string, set: (value: string) => void) => ({
    id: fieldId(name),
    error: fieldError(name),
    value,
    readOnly: unconfirmed,
    onChange: edit(set),
  });

  if (recorded) {
    return (
      <section className="card" aria-labelledby={`${ids}-done`}>
        <h2 id={`${ids}-done`} ref={result} tabIndex={-1}>
          {t('console.counter.recorded')}
        </h2>
        <dl className="facts">
          <dt>{t('console.counter.account')}</dt>
          <dd>{account?.accountNumber}</dd>
          <dt>{t('console.counter.confirmation')}</dt>
          <dd>
            <strong>{recorded.confirmationNumber}</strong>
          </dd>
          <dt>{t('console.counter.amount')}</dt>
          <dd>{recorded.total.formatted}</dd>
          {recorded.cashReceived && recorded.changeGiven && (
            <>
              <dt>{t('console.counter.cashReceived')}</dt>
              <dd>{recorded.cashReceived.formatted}</dd>
              <dt>{t('console.counter.changeDue')}</dt>
              <dd>{recorded.changeGiven.formatted}</dd>
            </>
          )}
          <dt>{t('console.counter.method')}</dt>
          <dd>
            <SaidMethod text={methodLabel(t, recorded.method)} method={recorded.method} />
          </dd>
          <dt>{t('console.counter.status')}</dt>
          <dd>{statusLabel(t, recorded.status, recorded.statusLabel)}</dd>
          <dt>{t('console.counter.receivedBy')}</dt>
          <dd>{recorded.receivedBy}</dd>
          <dt>{t('console.counter.paidAt')}</dt>
          <dd>{cityDateTime(recorded.madeAt, timeZone, locale)}</dd>
          {/* A counter payment posts the day it is taken; the line still says which, should one ever wait. */}
          <dt>{t(recorded.status === 'POSTED' ? 'console.counter.postedOn' : 'console.counter.postsOn')}</dt>
          <dd>{cityDate(recorded.expectedPostingDate, locale)}</dd>
        </dl>
        {/* A disconnected account's payment: whether the resident's service comes back, for the clerk to tell them. */}
        {recorded.restorations.map((restoration, index) => (
          <p key={index} className="notice">
            {t(`console.counter.restoration.${restoration.progress}`)}
          </p>
        ))}
        {/* The printed page is the receipt of a resident with no email on file: the console around it is not printed. */}
        <div className="actions no-print">
          <button type="button" onClick={() => print()}>
            {t('console.counter.print')}
          </button>
          <button type="button" className="secondary" onClick={startAnother}>
            {t('console.counter.another')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <>
      {myDrawer?.close && <p className="notice">{t('console.counter.drawerClosed', { date: cityDate(myDrawer.date, locale) })}</p>}
      <p>{t('console.counter.intro')}</p>
      {hasProblems && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby={`${ids}-summary`}>
          <h2 id={`${ids}-summary`}>{t('console.signIn.problem')}</h2>
          <ul>
            {(Object.entries(problems.fields) as [FieldName, Message][]).map(([name, said]) => (
              <li key={name}>
                <a href={`#${fieldId(name)}`}>{say(said)}</a>
              </li>
            ))}
            {problems.form.map((said, index) => (
              <li key={index}>{say(said)}</li>
            ))}
          </ul>
          {keyUsedFor && (
            <p>
              <AppLink to={`/console/accounts/${keyUsedFor.id}`}>{t('console.counter.openAccount', { number: keyUsedFor.accountNumber })}</AppLink>
            </p>
          )}
        </div>
      )}
      <form
        className="card"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void find();
        }}
        aria-label={t('console.counter.findHeading')}
      >
        <CounterField
          id={fieldId('search')}
          label={t('console.counter.accountNumber')}
          error={fieldError('search')}
          inputRef={searchInput}
          value={search}
          onChange={setSearch}
          readOnly={unconfirmed}
          spellCheck={false}
        />
        {/* Busy rather than disabled: a disabled button loses focus to the document, and with it where the clerk was. */}
        <button type="submit" aria-disabled={found.loading || unconfirmed || undefined}>
          {t('console.counter.find')}
        </button>
      </form>
      {/* The list of matches appears below with the focus left where it was (the button or the field): said here. */}
      <p role="status" className="visually-hidden">
        {!account && matches.length > 1 && <span key={searches}>{t('console.counter.matchesListed', { count: matches.length })}</span>}
      </p>
      {searchFailed && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={searchAlert}>
          <p>{t('console.counter.searchFailed')}</p>
          <button type="button" onClick={() => void find()}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {!account && matches.length > 1 && (
        <section aria-labelledby={`${ids}-matches`}>
          <h2 id={`${ids}-matches`}>{t('console.counter.matches')}</h2>
          <ul className="plain-list">
            {matches.map((match) => (
              <li key={match.id}>
                <button type="button" onClick={() => choose(match)}>
                  {t('console.counter.choose', { number: match.accountNumber, name: match.customerName, address: match.serviceAddress.line1 })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {account && (
        <form className="card counter-form" noValidate onSubmit={(event) => void submit(event)} aria-labelledby={`${ids}-account`}>
          <h2 id={`${ids}-account`} ref={paymentHeading} tabIndex={-1}>
            {t('console.counter.paying', { number: account.accountNumber })}
          </h2>
          <dl className="facts">
            <dt>{t('console.counter.holder')}</dt>
            <dd>
              {account.customerName}, {account.serviceAddress.line1}
            </dd>
            <dt>{t('console.counter.amountDue')}</dt>
            <dd>{account.balance.amountDueNow.formatted}</dd>
            <dt>{t('console.counter.pending')}</dt>
            <dd>{account.balance.pendingPayments.formatted}</dd>
            <dt>{t('console.counter.service')}</dt>
            <dd>{t(`accounts.status.${account.status}`)}</dd>
          </dl>
          {/* Said before the money is taken: only the full balance requests restoration, which the resident came for. */}
          {account.status === 'DISCONNECTED' && <p className="notice">{t('console.counter.fullBalanceRestores', { amount: account.balance.amountDueNow.formatted })}</p>}
          <CounterField {...paymentField('amount', amount, setAmount)} label={t('console.counter.amount')} inputMode="decimal" />
          <fieldset className="field" disabled={unconfirmed}>
            <legend>{t('console.counter.method')}</legend>
            {(['CASH', 'CHECK'] as const).map((kind) => (
              <label key={kind} className="choice">
                <input type="radio" name={`${ids}-method`} value={kind} checked={method === kind} onChange={() => edit((value) => setMethod(value as Method))(kind)} />
                {t(kind === 'CASH' ? 'console.counter.cash' : 'console.counter.check')}
              </label>
            ))}
          </fieldset>
          {method === 'CASH' && (
            <CounterField
              {...paymentField('cashReceived', cashReceived, setCashReceived)}
              label={t('console.counter.cashReceived')}
              inputMode="decimal"
              after={{ id: `${fieldId('cashReceived')}-change`, content: changeText() }}
            />
          )}
          {method === 'CHECK' && <CounterField {...paymentField('checkNumber', checkNumber, setCheckNumber)} label={t('console.counter.checkNumber')} inputMode="numeric" />}
          <CounterField {...paymentField('receivedBy', receivedBy, setReceivedBy)} label={t('console.counter.receivedBy')} autoComplete="name" />
          <button type="submit" disabled={recording} aria-disabled={recording || keyUsedFor !== null || undefined}>
            {t(recording ? 'console.counter.recording' : 'console.counter.record')}
          </button>
          <p role="status" className="visually-hidden">
            {recording ? t('console.counter.recording') : ''}
          </p>
        </form>
      )}
    </>
  );
}
