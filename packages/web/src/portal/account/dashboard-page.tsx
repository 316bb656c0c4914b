import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useLocale, useT } from '../../shared/locale';
import { usePageTitle } from '../../shared/page-title';
import { navigate } from '../../shared/navigation';
import { ErrorSummary } from '../../shared/error-summary';
import { TextField, fieldProblems, problem, requestProblem, useProblems, type Problem } from '../form-parts';
import { formatLocalDate } from '../local-date';
import { AccountOptionsDocument, LinkAccountDocument, ViewerAccountsDocument } from './account-operations';
import { EmailToProve } from './email-to-prove';
import { AppLink } from '../../shared/app-link';
import { AUTOPAY_STATUS } from './autopay-status';
import { loadSelection, startSelection, type Payer } from './pay-selection';
import { decimalFromCents, parseAmountCents } from '../../shared/decimal-amount';
import { NotLoaded } from '../../shared/not-loaded';
import type { AccountStatus, AccountViewerQuery } from '../../gql/graphql';
import type { MessageKey } from '../../shared/i18n/translate';
import { accountNumberHint } from '../account-number-hint';
import { UnlinkAccountDialog, type UnlinkedAccount } from './unlink-account-dialog';
import { PaperlessSection } from './paperless-section';

/**
 * What a resident is told of their service where it is not simply on: at risk (the city may disconnect it, as its
 * email warned), off, or on its way back (a closed account: see closedStanding).
 */
const SERVICE_STANDING: Partial<Readonly<Record<AccountStatus, MessageKey>>> = {
  DISCONNECT_ELIGIBLE: 'account.dashboard.mayBeDisconnected',
  DISCONNECTED: 'account.dashboard.disconnected',
  RESTORATION_PENDING: 'portal.restore.pending',
};

type ViewerAccount = NonNullable<AccountViewerQuery['viewer']>['serviceAccounts'][number];

/** Whether an account has anything left to pay once its pending payments post. */
const owes = (account: ViewerAccount) => BigInt(account.balance.amountDueNow.cents) > 0n;

/** Whether the viewer set up the account's Auto Pay: the API shows its method to the one who enrolled only. */
const ownAutopay = (account: ViewerAccount) => account.autopay.status !== 'NOT_ENROLLED' && account.autopay.method !== null;

/** Whether the page offers to pay an account: a closed one takes no more than it owes (its final bill), so only while it owes. */
const offersPayment = (account: ViewerAccount) => account.status !== 'CLOSED' || owes(account);

/** The proof field a city asks for when linking, as LinkServiceAccountInput names it. */
const PROOF_FIELD = { LATEST_BILL_AMOUNT: 'latestBillAmount', LAST_PAYMENT_AMOUNT: 'lastPaymentAmount', SERVICE_HOUSE_NUMBER: 'serviceHouseNumber' } as const;

/** The accounts page: each linked account with what it owes and its autopay, several paid at once, unlinking one, and linking another. */
export function DashboardPage({ payer }: { readonly payer: Payer }) {
  const t = useT();
  usePageTitle(t('account.dashboard.heading'));
  const { locale } = useLocale();
  const ids = useId();
  const { data, error, refetch } = useQuery(ViewerAccountsDocument, { fetchPolicy: 'cache-and-network' });
  const accounts = data?.viewer?.serviceAccounts ?? [];
  // Back from the payment page ("Change"), the accounts and amounts chosen there are ticked again.
  const [chosen, setChosen] = useState<Record<string, string>>(() => Object.fromEntries((loadSelection(payer)?.lines ?? []).map((line) => [line.serviceAccountId, line.amount])));
  const [problems, setProblems] = useProblems();
  const [unlinking, setUnlinking] = useState<UnlinkedAccount | null>(null);
  // Kept by number, not as a sentence, so it follows a switch of language.
  const [unlinked, setUnlinked] = useState<string | null>(null);
  // Unlinking takes the account's card, and the button pressed, away: focus goes to what says it was done.
  const unlinkedStatus = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (unlinked) unlinkedStatus.current?.focus();
  }, [unlinked]);

  /**
   * Said once the list no longer shows it (or could not be read again: unlinked all the same). An amount chosen for it
   * goes with it, and what was said of the list before, which may name it.
   */
  async function afterUnlinking(account: UnlinkedAccount) {
    await refetch().catch(() => undefined);
    setChosen((current) => {
      const next = { ...current };
      delete next[account.id];
      return next;
    });
    setProblems({});
    setUnlinking(null);
    setUnlinked(account.accountNumber);
  }

  /** A closed account's standing: since when, and whether its final bill is still to pay. */
  function closedStanding(account: ViewerAccount): string {
    const date = account.closedOn ? formatLocalDate(account.closedOn, locale) : '';
    return t(owes(account) ? 'account.dashboard.closedFinalBill' : 'account.dashboard.closedNothingOwed', { date });
  }

  function paySelected(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, Problem> = {};
    const lines = [];
    for (const account of accounts) {
      const amount = chosen[account.id];
      if (amount === undefined || !offersPayment(account)) continue;
      const cents = parseAmountCents(amount);
      if (cents === null || cents <= 0n) found[`${ids}-amount-${account.id}`] = problem('account.pay.amountInvalid', { account: account.accountNumber });
      else lines.push({ serviceAccountId: account.id, accountNumber: account.accountNumber, amount: decimalFromCents(cents) });
    }
    if (lines.length === 0 && Object.keys(found).length === 0) found[''] = problem('account.pay.noneChosen');
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    startSelection(payer, lines);
    navigate('/account/pay');
  }

  return (
    <>
      <h1 tabIndex={-1}>{t('account.dashboard.heading')}</h1>
      <p role="status" tabIndex={-1} ref={unlinkedStatus}>
        {unlinked && t('account.unlink.done', { number: unlinked })}
      </p>
      {/* Straight after registering, too: until the address is proved the city emails nothing, receipts included. */}
      {data?.viewer?.user && <EmailToProve user={data.viewer.user} />}
      {!data ? (
        <NotLoaded failed={!!error} onRetry={() => void refetch()} />
      ) : accounts.length === 0 ? (
        <p>{t('account.dashboard.none')}</p>
      ) : (
        <form noValidate onSubmit={paySelected}>
          <ErrorSummary problems={problems} id={`${ids}-summary`} />
          <ul className="account-cards">
            {accounts.map((account) => {
              const checked = chosen[account.id] !== undefined;
              const amountId = `${ids}-amount-${account.id}`;
              const closed = account.status === 'CLOSED';
              const payable = offersPayment(account);
              return (
                <li key={account.id} className="card">
                  <h2>{t('account.dashboard.accountHeading', { number: account.accountNumber })}</h2>
                  <dl className="facts">
                    <dt>{t('account.dashboard.serviceAddress')}</dt>
                    <dd>
                      {account.serviceAddress.line1}, {account.serviceAddress.city}
                    </dd>
                    <dt>{t('account.dashboard.amountDue')}</dt>
                    <dd className="money">
                      {account.balance.amountDueNow.formatted}
                      {/* Part of it due already is to pay now, never "due" on the next bill's date (the API's dueDate is null then). */}
                      {account.balance.pastDueNow.cents !== '0'
                        ? ` · ${t('account.dashboard.pastDueNow', { amount: account.balance.pastDueNow.formatted })}`
                        : account.balance.dueDate && ` · ${t('portal.pay.dueOn', { date: formatLocalDate(account.balance.dueDate, locale) })}`}
                    </dd>
                    {(closed || SERVICE_STANDING[account.status]) && (
                      <>
                        <dt>{t('account.dashboard.service')}</dt>
                        <dd>{closed ? closedStanding(account) : t(SERVICE_STANDING[account.status]!)}</dd>
                      </>
                    )}
                    <dt>{t('account.dashboard.autopay')}</dt>
                    {/* A closed account's autopay has ended (or never was): "Not Enrolled" would invite enrolling it, which is refused. */}
                    <dd>{t(closed ? 'account.autopay.closedAccount' : AUTOPAY_STATUS[account.autopay.status])}</dd>
                  </dl>
                  {payable && (
                    <label className="choice">
                      <input
                        type="checkbox"
                        checked={checked}
                        onChange={(event) =>
                          setChosen((current) => {
                            const next = { ...current };
                            if (event.target.checked) next[account.id] = owes(account) ? account.balance.amountDueNow.amount : '';
                            else delete next[account.id];
                            return next;
                          })
                        }
                      />
                      {t('account.dashboard.payThis', { number: account.accountNumber })}
                    </label>
                  )}
                  {payable && checked && (
                    <TextField
                      id={amountId}
                      label={t('account.dashboard.amountFor', { number: account.accountNumber })}
                      error={problems[amountId]}
                      inputMode="decimal"
                      autoComplete="off"
                      value={chosen[account.id] ?? ''}
                      onChange={(event) => setChosen((current) => ({ ...current, [account.id]: event.target.value }))}
                    />
                  )}
                  <PaperlessSection serviceAccountId={account.id} accountNumber={account.accountNumber} paperless={account.paperless} />
                  <div className="actions">
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => setUnlinking({ id: account.id, accountNumber: account.accountNumber, status: account.status, ownAutopay: ownAutopay(account) })}
                    >
                      {t('account.unlink.button', { number: account.accountNumber })}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
          <div className="actions">
            <button type="submit">{t('account.dashboard.paySelected')}</button>
            <AppLink to="/account/autopay">{t('account.dashboard.manageAutopay')}</AppLink>
          </div>
        </form>
      )}
      {/* Outside the form of amounts: the dialog has a form of its own. */}
      {unlinking && <UnlinkAccountDialog account={unlinking} onClose={() => setUnlinking(null)} onUnlinked={() => afterUnlinking(unlinking)} />}
      <LinkAccount onLinked={() => void refetch()} />
    </>
  );
}

type Proof = keyof typeof PROOF_FIELD;

/** Linking another account, once the city's options say which proof it asks for: a wrong question would only be refused. */
function LinkAccount({ onLinked }: { readonly onLinked: () => void }) {
  const t = useT();
  const ids = useId();
  const { data, error, refetch } = useQuery(AccountOptionsDocument);
  const proof = data?.tenant.accountLinking.proof;
  return (
    <section className="card" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{t('account.link.heading')}</h2>
      {proof ? <LinkAccountForm proof={proof} example={data?.tenant.accountNumberExample ?? null} onLinked={onLinked} /> : <NotLoaded failed={!!error} onRetry={() => void refetch()} />}
    </section>
  );
}

/** Links another account with its number (`example`: the city's, tenant.accountNumberExample) and the city's proof (tenant.accountLinking.proof). */
function LinkAccountForm({ proof, example, onLinked }: { readonly proof: Proof; readonly example: string | null; readonly onLinked: () => void }) {
  const t = useT();
  const ids = useId();
  const proofField = PROOF_FIELD[proof];
  const field = { accountNumber: `${ids}-number`, [proofField]: `${ids}-proof` };
  const [number, setNumber] = useState('');
  const [proofValue, setProofValue] = useState('');
  const [problems, setProblems] = useProblems();
  const [linked, setLinked] = useState<string | null>(null);
  const [link, { loading }] = useMutation(LinkAccountDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (loading) return;
    setLinked(null);
    const missing: Record<string, Problem> = {};
    if (!number.trim()) missing[field.accountNumber] = problem('portal.pay.accountNumberRequired');
    if (!proofValue.trim()) missing[`${ids}-proof`] = problem(`account.link.proofRequired.${proof}`);
    setProblems(missing);
    if (Object.keys(missing).length > 0) return;
    try {
      const { data: result } = await link({ variables: { input: { accountNumber: number.trim(), [proofField]: proofValue.trim().replace(/^\$/, '') } } });
      const account = result?.linkServiceAccount.serviceAccount;
      if (!account) return setProblems(fieldProblems(result?.linkServiceAccount.userErrors ?? [], field));
      setNumber('');
      setProofValue('');
      setLinked(account.accountNumber);
      onLinked();
    } catch (error) {
      setProblems(requestProblem(error));
    }
  }

  return (
    <>
      <p>{t(`account.link.intro.${proof}`)}</p>
      <ErrorSummary problems={problems} id={`${ids}-summary`} />
      <p role="status">{linked ? t('account.link.done', { number: linked }) : ''}</p>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <TextField
          id={`${ids}-number`}
          label={t('portal.pay.accountNumber')}
          hint={accountNumberHint(t, example)}
          error={problems[`${ids}-number`]}
          autoComplete="off"
          spellCheck={false}
          value={number}
          onChange={(event) => setNumber(event.target.value)}
        />
        <TextField
          id={`${ids}-proof`}
          label={t(`account.link.proof.${proof}`)}
          error={problems[`${ids}-proof`]}
          // A house number may have a letter or a fraction ("12B", "4521 1/2"), which a numeric keypad cannot type.
          inputMode={proof === 'SERVICE_HOUSE_NUMBER' ? 'text' : 'decimal'}
          autoComplete="off"
          value={proofValue}
          onChange={(event) => setProofValue(event.target.value)}
        />
        <div className="actions">
          {/* Busy, not disabled, while linking: a disabled button drops the focus of the keyboard user who pressed it. */}
          <button type="submit" aria-disabled={loading || undefined}>
            {t('account.link.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
