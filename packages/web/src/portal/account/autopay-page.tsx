import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { AccountViewerQuery } from '../../gql/graphql';
import { useLocale, useT } from '../../shared/locale';
import { usePageTitle } from '../../shared/page-title';
import { navigate } from '../../shared/navigation';
import { ErrorSummary, TextField, fieldProblems, problem, requestProblem, useProblems, useProblemText, type Problem } from '../form-parts';
import { parseAmountCents } from '../guest-flow';
import { QueriesNotLoaded } from '../queries-not-loaded';
import { formatLocalDate } from '../local-date';
import { AccountOptionsDocument, CancelAutopayDocument, EnrollAutopayDocument, PaymentMethodsDocument, UpdateAutopayDocument, ViewerAccountsDocument } from './account-operations';
import { AppLink } from './app-link';
import { AUTOPAY_STATUS, SUSPENSION_REASON } from './autopay-status';
import { methodLabel } from './method-label';
import { startSelection, type Payer } from './pay-selection';
import { decimalFromCents } from '../../shared/decimal-amount';

type Account = NonNullable<AccountViewerQuery['viewer']>['serviceAccounts'][number];

/** What an enrolment answered: this month covered or not, and the amount due to pay now if not. */
interface EnrolOutcome {
  readonly covered: boolean;
  /** Auto Pay was stopped rather than set. */
  readonly stopped?: boolean;
  readonly notice: Problem;
  readonly amountDue: { readonly amount: string; readonly formatted: string } | null;
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
  const say = useProblemText();
  const { locale } = useLocale();
  const ids = useId();
  const autopay = account.autopay;
  const enrolled = autopay.status === 'ENROLLED';
  const mine = ownAutopay(account);
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
          {t(AUTOPAY_STATUS[autopay.status])}
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
              {methodLabel(t, autopay.method)}
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
        <section className={outcome.covered ? 'notice' : 'notice restore'} aria-labelledby={`${ids}-notice`} role="status" tabIndex={-1} ref={notice}>
          <h3 id={`${ids}-notice`}>{t(outcome.stopped ? 'account.autopay.stoppedHeading' : outcome.covered ? 'account.autopay.saved' : 'account.autopay.notCoveredHeading')}</h3>
          <p>{say(outcome.notice)}</p>
          {!outcome.covered && outcome.amountDue && (parseAmountCents(outcome.amountDue.amount) ?? 0n) > 0n && (
            <button type="button" onClick={() => payNow(decimalFromCents(parseAmountCents(outcome.amountDue!.amount)!))}>
              {t('account.autopay.payNow', { amount: outcome.amountDue.formatted })}
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

/**
 * The viewer's own autopay (enrolled or suspended) of the account, which they
 * may edit or stop: the API shows the method to the customer who enrolled
 * only. Another holder's is theirs to change; one whose enroller has unlinked
 * the account comes as Not Enrolled, for another holder to enrol in its place.
 */
const ownAutopay = (account: Account) => account.autopay.status !== 'NOT_ENROLLED' && account.autopay.method !== null;

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
  const methods = (data?.paymentMethods ?? []).filter((method) => allowed.includes(method.kind));
  const [methodId, setMethodId] = useState<string | null>(account.autopay.method?.id ?? null);
  const [maximum, setMaximum] = useState(account.autopay.maxAmount?.amount ?? '');
  const [problems, setProblems] = useProblems();
  const [enrol, enrolling] = useMutation(EnrollAutopayDocument);
  const [update, updating] = useMutation(UpdateAutopayDocument);
  const [cancel, cancelling] = useMutation(CancelAutopayDocument);
  const field = { paymentMethodId: `${ids}-method`, maxAmount: `${ids}-max` };
  const chosen = methodId ?? methods[0]?.id ?? null;
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
      onDone({ covered: result.currentCycleCovered !== false, notice: { text: result.notice ?? '' }, amountDue: result.amountDue ?? null });
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  async function stop() {
    try {
      const { data: result } = await cancel({ variables: { serviceAccountId: account.id } });
      const errors = result?.cancelAutopay.userErrors ?? [];
      if (errors.length > 0) return setProblems(fieldProblems(errors, {}));
      onDone({ covered: true, stopped: true, notice: problem('account.autopay.stopped'), amountDue: null });
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

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
        <fieldset className="field method-choice" id={field.paymentMethodId}>
          <legend>{t('account.autopay.payWith')}</legend>
          {problems[field.paymentMethodId] && <p className="field-error">{say(problems[field.paymentMethodId]!)}</p>}
          {methods.map((method) => (
            <label key={method.id} className="choice">
              <input type="radio" name={`${ids}-method`} checked={chosen === method.id} onChange={() => setMethodId(method.id)} />
              {methodLabel(t, method)}
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
