import { useQuery } from '@apollo/client/react';
import { useId, type ReactNode } from 'react';
import type { ConsoleAccountQuery } from '../../gql/graphql';
import { DataTable } from '../../shared/data-table';
import { en } from '../../shared/i18n/en';
import type { MessageKey } from '../../shared/i18n/translate';
import { useLocale, useT } from '../../shared/locale';
import { NotLoaded } from '../../shared/not-loaded';
import { cityDate } from '../city-time';
import { useFirstNewRow } from '../../shared/first-new-row';
import { LoadMore } from '../load-more';
import { SaidMethod } from '../../shared/said-masked';
import { formatDateTime } from './account-format';
import { AccountLedgerDocument } from './accounts-operations';
import { READ_ON_VISIT } from '../read-on-visit';

/* The read-only parts of the account page, each a titled section. */

export type Account = NonNullable<ConsoleAccountQuery['serviceAccount']>;

/** Terms and their values, as a description list. */
function Facts({ facts, className }: { readonly facts: readonly (readonly [string, ReactNode])[]; readonly className?: string }) {
  return (
    <dl className={className ? `facts ${className}` : 'facts'}>
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Section({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  const heading = useId();
  return (
    <section className="card account-section" aria-labelledby={heading}>
      <h2 id={heading}>{title}</h2>
      {children}
    </section>
  );
}

/** A message key built from an API value (a reason code, a kind), or the value itself when the catalogue has no words for it yet. */
function useLabel(): (prefix: string, value: string) => string {
  const t = useT();
  return (prefix, value) => {
    const key = `${prefix}.${value}`;
    return key in en ? t(key as MessageKey) : value;
  };
}

export function BalanceSection({ balance }: { readonly balance: Account['balance'] }) {
  const t = useT();
  const { locale } = useLocale();
  const facts: [string, string][] = [
    [t('accounts.balance.posted'), balance.posted.formatted],
    [t('accounts.balance.pending'), balance.pendingPayments.formatted],
    [t('accounts.balance.dueNow'), balance.amountDueNow.formatted],
    // Past due as the resident is told it (portal, phone): what no payment waiting to post covers.
    [t('accounts.balance.pastDue'), balance.pastDueNow.formatted],
    [t('accounts.balance.daysPastDue'), String(balance.daysPastDueNow)],
    [t('accounts.balance.credit'), balance.credit.formatted],
    [t('accounts.balance.nextDue'), balance.nextDueDate ? cityDate(balance.nextDueDate, locale) : t('accounts.none')],
  ];
  return (
    <Section title={t('accounts.balance.heading')}>
      <Facts facts={facts} className="balance-facts" />
    </Section>
  );
}

export function PayablesSection({ payables }: { readonly payables: Account['payables'] }) {
  const t = useT();
  const { locale } = useLocale();
  const label = useLabel();
  return (
    <Section title={t('accounts.payables.heading')}>
      {payables.length === 0 ? (
        <p>{t('accounts.payables.none')}</p>
      ) : (
        <DataTable
          caption={t('accounts.payables.heading')}
          captionHidden
          columns={[
            { label: t('accounts.payables.reference') },
            { label: t('accounts.payables.issued') },
            { label: t('accounts.payables.due') },
            { label: t('accounts.payables.lines') },
            { label: t('accounts.payables.total'), numeric: true },
            { label: t('accounts.payables.owed'), numeric: true },
          ]}
        >
          {payables.map((payable) => (
            <tr key={payable.id}>
              <th scope="row">
                {payable.referenceNumber}
                <span className="cell-note">{payable.description ?? label('accounts.payableKind', payable.kind)}</span>
              </th>
              <td>{cityDate(payable.issueDate, locale)}</td>
              <td>{cityDate(payable.dueDate, locale)}</td>
              <td>
                <ul className="line-items">
                  {payable.lineItems.map((line, index) => (
                    <li key={index}>
                      {label('accounts.lineCategory', line.category)}: {line.amount.formatted}
                    </li>
                  ))}
                </ul>
              </td>
              <td className="number">{payable.total.formatted}</td>
              <td className="number">{payable.amountOwed.formatted}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}

/** The account's ledger, newest first, a page at a time. */
export function LedgerSection({ accountId }: { readonly accountId: string }) {
  const t = useT();
  const { locale } = useLocale();
  const label = useLabel();
  const { data, error, refetch, fetchMore } = useQuery(AccountLedgerDocument, { variables: { id: accountId }, ...READ_ON_VISIT });
  const ledger = data?.serviceAccount?.ledger;
  const entries = ledger?.edges.map((edge) => edge.node);
  const firstNew = useFirstNewRow<HTMLTableCellElement>();

  async function loadMore() {
    if (!ledger?.pageInfo.endCursor) return;
    await fetchMore({
      variables: { after: ledger.pageInfo.endCursor },
      // Older entries go after those shown; the cursor comes from the page just fetched.
      updateQuery: (before, { fetchMoreResult }) => {
        const [shown, more] = [before.serviceAccount, fetchMoreResult.serviceAccount];
        if (!shown || !more) return before;
        return { serviceAccount: { ...shown, ledger: { ...more.ledger, edges: [...shown.ledger.edges, ...more.ledger.edges] } } };
      },
    });
    firstNew.added(ledger.edges.length);
  }

  return (
    <Section title={t('accounts.ledger.heading')}>
      {!entries ? (
        <NotLoaded failed={!!error} onRetry={() => void refetch()} />
      ) : entries.length === 0 ? (
        <p>{t('accounts.ledger.none')}</p>
      ) : (
        <DataTable
          caption={t('accounts.ledger.caption')}
          captionHidden
          columns={[{ label: t('accounts.ledger.date') }, { label: t('accounts.ledger.kind') }, { label: t('accounts.ledger.memo') }, { label: t('accounts.ledger.amount'), numeric: true }]}
        >
          {entries.map((entry, index) => (
            <tr key={entry.id}>
              <td tabIndex={-1} ref={firstNew.refAt(index)}>
                {cityDate(entry.effectiveDate, locale)}
              </td>
              <td>{label('accounts.ledgerKind', entry.kind)}</td>
              <td>{entry.memoLabel ?? ''}</td>
              <td className="number">{entry.amount.formatted}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {ledger && <LoadMore hasMore={ledger.pageInfo.hasNextPage} load={loadMore} label={t('accounts.ledger.more')} />}
    </Section>
  );
}

export function StatusHistorySection({ history, timeZone, viewerId }: { readonly history: Account['statusHistory']; readonly timeZone: string; readonly viewerId: string }) {
  const t = useT();
  const { locale } = useLocale();
  const label = useLabel();
  // Staff are user ids; anything else ("system", the seed, an import) is the platform acting on its own.
  const actor = (id: string) => (id === viewerId ? t('accounts.history.you') : /^[0-9a-f-]{36}$/i.test(id) ? t('accounts.history.staff') : t('accounts.history.system'));
  return (
    <Section title={t('accounts.history.heading')}>
      <p className="cell-note">{t('accounts.history.order')}</p>
      <ul className="status-history">
        {[...history].reverse().map((change, index) => (
          <li key={index}>
            <strong>{label('accounts.status', change.toStatus)}</strong> · {label('accounts.reason', change.reason)}
            <span className="cell-note">
              {formatDateTime(change.occurredAt, locale, timeZone)} · {actor(change.actor)}
            </span>
            {change.note && <q className="status-note">{change.note}</q>}
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function LinkedUsersSection({ holders, timeZone }: { readonly holders: Account['linkedUsers']; readonly timeZone: string }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <Section title={t('accounts.holders.heading')}>
      {holders.length === 0 ? (
        <p>{t('accounts.holders.none')}</p>
      ) : (
        <ul className="plain-list">
          {holders.map(({ user, linkedAt }) => (
            <li key={user.id}>
              <strong>{user.name ?? user.username ?? user.email}</strong>
              {user.email && user.name && <span> · {user.email}</span>}
              <span className="cell-note">{t('accounts.holders.since', { date: formatDateTime(linkedAt, locale, timeZone) })}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function AutopaySection({ autopay }: { readonly autopay: Account['autopay'] }) {
  const t = useT();
  const { locale } = useLocale();
  const label = useLabel();
  const method = autopay.method;
  const facts: [string, ReactNode][] = [[t('accounts.autopay.status'), autopay.label]];
  if (autopay.suspendedReason) facts.push([t('accounts.autopay.suspended'), label('accounts.autopay.reason', autopay.suspendedReason)]);
  if (method)
    facts.push([
      t('accounts.autopay.method'),
      <SaidMethod
        text={t('accounts.payments.methodEnding', {
          method: method.kind === 'BANK_ACCOUNT' ? t('accounts.payments.bankAccount') : method.brand ? t(`brand.${method.brand}`) : t('accounts.payments.card'),
          last4: method.last4,
        })}
        method={method}
      />,
    ]);
  if (autopay.status !== 'NOT_ENROLLED') facts.push([t('accounts.autopay.max'), autopay.maxAmount?.formatted ?? t('accounts.autopay.noLimit')]);
  if (autopay.nextDeductionDate) facts.push([t('accounts.autopay.next'), cityDate(autopay.nextDeductionDate, locale)]);
  return (
    <Section title={t('accounts.autopay.heading')}>
      <Facts facts={facts} />
    </Section>
  );
}
