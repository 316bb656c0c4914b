import { useLazyQuery, useMutation } from '@apollo/client/react';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { LockoutShownFragment } from '../../gql/graphql';
import { DataTable } from '../../shared/data-table';
import type { MessageKey } from '../../shared/i18n/translate';
import { useLocale, useT } from '../../shared/locale';
import { message, useMessageText, type Message } from '../../shared/message';
import type { PageTenant } from '../../shared/page-tenant';
import { ReasonDialog } from '../accounts/action-dialog';
import { useStaffAction } from '../accounts/staff-action';
import { cityDateTime } from '../city-time';
import { AccountLockoutsDocument, ClearAccountLockoutsDocument, ClearUserLockoutsDocument, UserLockoutsDocument } from './lockout-operations';
import { LookupForm } from './lookup-form';
import { ResidentFinder } from './resident-finder';

type Lockout = LockoutShownFragment;

/** Whose lockouts a section shows, and how its clear is sent. */
type Subject = { readonly kind: 'account'; readonly id: string; readonly name: string } | { readonly kind: 'user'; readonly id: string; readonly name: string };

/** An account number as look-ups match it: separators and letter case aside (as the server's referenceKey). */
const numberKey = (typed: string) =>
  typed
    .normalize('NFKC')
    .replace(/[\s\p{Pd}\u2212./]/gu, '')
    .toUpperCase();

/**
 * Lockouts as a resident meets them, for the staff who take their call: an account refused to guests (wrong last
 * payment amounts, too many declines from anyone) or a person refused sign-in (wrong passwords), why, how many
 * attempts, and when it lifts. The city's ADMIN clears them, with a reason, for a caller who proved who they are
 * (the API refuses SUPPORT, so only an ADMIN is offered the button).
 */
export function LockoutsPage({ tenant, isAdmin }: { readonly tenant: PageTenant; readonly isAdmin: boolean }) {
  const t = useT();
  const ids = useId();
  const say = useMessageText();
  const [accountTyped, setAccountTyped] = useState('');
  const [personTyped, setPersonTyped] = useState('');
  const [problems, setProblems] = useState<{ account?: MessageKey; person?: MessageKey }>({});
  const [said, setSaid] = useState<Message | null>(null);
  const [clearing, setClearing] = useState<Subject | null>(null);
  const [findAccount, account] = useLazyQuery(AccountLockoutsDocument, { fetchPolicy: 'network-only' });
  const [findPerson, person] = useLazyQuery(UserLockoutsDocument, { fetchPolicy: 'network-only' });
  const [accountSearched, setAccountSearched] = useState<string | null>(null);
  const personHeading = useRef<HTMLHeadingElement>(null);

  function lookUpAccount(event: FormEvent) {
    event.preventDefault();
    setSaid(null);
    if (!accountTyped.trim()) return setProblems({ ...problems, account: 'console.lockouts.accountRequired' });
    setProblems({ ...problems, account: undefined });
    setAccountSearched(accountTyped.trim());
    void findAccount({ variables: { search: accountTyped.trim() } }).catch(() => undefined);
  }

  function lookUpPerson(event: FormEvent) {
    event.preventDefault();
    if (!personTyped.trim()) return setProblems({ ...problems, person: 'console.lockouts.personRequired' });
    showPerson(personTyped.trim());
  }

  /** The lockouts of whoever signs in (or asks for a reset) with `identifier`: typed, or a resident found by name. */
  function showPerson(identifier: string) {
    setSaid(null);
    setPersonTyped(identifier);
    setProblems({ ...problems, person: undefined });
    void findPerson({ variables: { identifier } }).catch(() => undefined);
  }

  const foundAccount = accountSearched === null ? undefined : account.data?.serviceAccounts.edges.map((e) => e.node).find((node) => numberKey(node.accountNumber) === numberKey(accountSearched));
  const foundPerson = person.data?.userBySignIn;

  return (
    <>
      <p className="lead">{t(isAdmin ? 'console.lockouts.introAdmin' : 'console.lockouts.intro')}</p>
      <p role="status">{said && say(said)}</p>

      <ResidentFinder
        isAdmin={isAdmin}
        onShowLockouts={(identifier) => {
          showPerson(identifier);
          // The person's section, where the lockouts come: the keyboard and the screen reader go on from there.
          personHeading.current?.focus();
        }}
      />

      <section aria-labelledby={`${ids}-account-heading`}>
        <h2 id={`${ids}-account-heading`}>{t('console.lockouts.accountHeading')}</h2>
        <LookupForm
          id={`${ids}-account`}
          name={t('console.lockouts.accountHeading')}
          label={t('console.lockouts.accountLabel')}
          error={problems.account ? t(problems.account) : undefined}
          value={accountTyped}
          onChange={setAccountTyped}
          submitLabel={t('console.lockouts.show')}
          onSubmit={lookUpAccount}
        />
        {account.error && <p role="alert">{t('console.lockouts.failed')}</p>}
        {accountSearched !== null &&
          account.data &&
          !account.loading &&
          (foundAccount ? (
            <LockoutTable
              caption={t('console.lockouts.accountCaption', { account: foundAccount.accountNumber })}
              lockouts={foundAccount.lockouts}
              none={t('console.lockouts.noneForAccount', { account: foundAccount.accountNumber })}
              timeZone={tenant.timezone}
              clearFor={isAdmin ? () => setClearing({ kind: 'account', id: foundAccount.id, name: foundAccount.accountNumber }) : null}
              clearLabel={t('console.lockouts.clearFor', { who: foundAccount.accountNumber })}
            />
          ) : (
            <p>{t('console.lockouts.noAccount', { account: accountSearched })}</p>
          ))}
      </section>

      <section aria-labelledby={`${ids}-person-heading`}>
        <h2 id={`${ids}-person-heading`} tabIndex={-1} ref={personHeading}>
          {t('console.lockouts.personHeading')}
        </h2>
        <LookupForm
          id={`${ids}-person`}
          name={t('console.lockouts.personHeading')}
          label={t('console.lockouts.personLabel')}
          error={problems.person ? t(problems.person) : undefined}
          value={personTyped}
          onChange={setPersonTyped}
          submitLabel={t('console.lockouts.show')}
          onSubmit={lookUpPerson}
        />
        {person.error && <p role="alert">{t('console.lockouts.failed')}</p>}
        {person.data &&
          !person.loading &&
          (foundPerson ? (
            <LockoutTable
              caption={t('console.lockouts.personCaption', { who: foundPerson.name ?? person.variables?.identifier ?? '' })}
              lockouts={foundPerson.lockouts}
              none={t('console.lockouts.noneForPerson', { who: foundPerson.name ?? person.variables?.identifier ?? '' })}
              timeZone={tenant.timezone}
              clearFor={isAdmin ? () => setClearing({ kind: 'user', id: foundPerson.id, name: foundPerson.name ?? person.variables?.identifier ?? '' }) : null}
              clearLabel={t('console.lockouts.clearFor', { who: foundPerson.name ?? person.variables?.identifier ?? '' })}
            />
          ) : (
            <p>{t('console.lockouts.noPerson', { who: person.variables?.identifier ?? '' })}</p>
          ))}
      </section>

      {clearing && (
        <ClearDialog
          subject={clearing}
          onClose={() => setClearing(null)}
          onDone={(done) => {
            setClearing(null);
            setSaid(done);
            void (clearing.kind === 'account' ? account.refetch() : person.refetch()).catch(() => undefined);
          }}
        />
      )}
    </>
  );
}

function LockoutTable({
  caption,
  lockouts,
  none,
  timeZone,
  clearFor,
  clearLabel,
}: {
  readonly caption: string;
  readonly lockouts: readonly Lockout[];
  readonly none: string;
  readonly timeZone: string;
  readonly clearFor: (() => void) | null;
  readonly clearLabel: string;
}) {
  const t = useT();
  const { locale } = useLocale();
  if (lockouts.length === 0) return <p>{none}</p>;
  return (
    <>
      <DataTable
        caption={caption}
        className="data-table"
        columns={[{ label: t('console.lockouts.why') }, { label: t('console.lockouts.attempts'), numeric: true }, { label: t('console.lockouts.state') }, { label: t('console.lockouts.liftsAt') }]}
      >
        {lockouts.map((lockout) => (
          <tr key={`${lockout.reason}-${lockout.limit}-${lockout.liftsAt}`}>
            <td>{lockout.description}</td>
            <td className="number">{t('console.lockouts.attemptsOf', { attempts: lockout.attempts, limit: lockout.limit })}</td>
            <td>{t(lockout.lockedOut ? 'console.lockouts.lockedOut' : 'console.lockouts.counting')}</td>
            <td>
              <time dateTime={lockout.liftsAt}>{cityDateTime(lockout.liftsAt, timeZone, locale)}</time>
            </td>
          </tr>
        ))}
      </DataTable>
      {clearFor && (
        <button type="button" aria-label={clearLabel} onClick={clearFor}>
          {t('console.lockouts.clear')}
        </button>
      )}
    </>
  );
}

function ClearDialog({ subject, onClose, onDone }: { readonly subject: Subject; readonly onClose: () => void; readonly onDone: (message: Message) => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const action = useStaffAction();
  const [clearAccount] = useMutation(ClearAccountLockoutsDocument);
  const [clearUser] = useMutation(ClearUserLockoutsDocument);

  async function confirm() {
    if (!reason.trim()) return action.setProblems({ reason: t('accounts.action.reasonRequired') });
    const outcome = await action.run(async () =>
      subject.kind === 'account'
        ? ((await clearAccount({ variables: { input: { serviceAccountId: subject.id, reason: reason.trim() } } })).data?.clearAccountLockouts.userErrors ?? null)
        : ((await clearUser({ variables: { input: { userId: subject.id, reason: reason.trim() } } })).data?.clearUserLockouts.userErrors ?? null),
    );
    if (outcome === 'done') onDone(message('console.lockouts.cleared', { who: subject.name }));
  }

  return (
    <ReasonDialog
      title={t('console.lockouts.clearTitle', { who: subject.name })}
      description={<p>{t('console.lockouts.clearDescription')}</p>}
      confirmLabel={t('console.lockouts.clear')}
      action={action}
      reason={reason}
      onReason={setReason}
      onConfirm={() => void confirm()}
      onClose={onClose}
    />
  );
}
