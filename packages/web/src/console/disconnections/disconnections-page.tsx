import { useQuery } from '@apollo/client/react';
import { AppLink } from '../../shared/app-link';
import { DataTable } from '../../shared/data-table';
import { useT } from '../../shared/locale';
import { NotLoaded } from '../../shared/not-loaded';
import { LoadMore } from '../load-more';
import { loadNextPage } from '../next-page';
import { READ_ON_VISIT } from '../read-on-visit';
import { DisconnectionListDocument } from './disconnection-operations';

/** Accounts per page: a field crew's day and more, more on request. */
const PAGE_SIZE = 50;

/**
 * The disconnection list: every account the hourly sweep found past due beyond the city's rules, which the city may
 * disconnect, with what is past due and since how long, for staff to plan the field crews' work. Its households were
 * warned by email as the sweep flagged them; an account paid since drops off at the next sweep. Staff open an account
 * to record its disconnection once the crew has been (the account page's action, which the API refuses once the
 * account no longer qualifies).
 */
export function DisconnectionsPage() {
  const t = useT();
  const { data, error, fetchMore, refetch } = useQuery(DisconnectionListDocument, { variables: { first: PAGE_SIZE }, ...READ_ON_VISIT });
  const accounts = data?.serviceAccounts;

  if (!accounts) return <NotLoaded failed={!!error} onRetry={() => void refetch()} />;
  return (
    <>
      <p className="lead">{t('console.disconnections.intro')}</p>
      {accounts.edges.length === 0 ? (
        <p>{t('console.disconnections.empty')}</p>
      ) : (
        <DataTable
          caption={t('console.disconnections.caption')}
          landmark
          className="data-table"
          columns={[
            { label: t('accounts.search.number') },
            { label: t('accounts.search.holder') },
            { label: t('accounts.search.address') },
            { label: t('console.disconnections.pastDue'), numeric: true },
            { label: t('console.disconnections.days'), numeric: true },
          ]}
        >
          {accounts.edges.map(({ node: account }) => (
            <tr key={account.id}>
              <th scope="row">
                <AppLink to={`/console/accounts/${account.id}`}>{account.accountNumber}</AppLink>
              </th>
              <td>{account.customerName}</td>
              <td>{[account.serviceAddress.line1, account.serviceAddress.line2].filter(Boolean).join(', ')}</td>
              <td className="number">{account.disconnectionStanding.servicePastDue.formatted}</td>
              <td className="number">{account.disconnectionStanding.daysPastDue}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <LoadMore hasMore={accounts.pageInfo.hasNextPage} load={() => loadNextPage(fetchMore, data, 'serviceAccounts')} />
    </>
  );
}
