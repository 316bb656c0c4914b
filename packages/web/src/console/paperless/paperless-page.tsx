import { useApolloClient, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { AppLink } from '../../shared/app-link';
import { DataTable } from '../../shared/data-table';
import { useLocale, useT } from '../../shared/locale';
import { NotLoaded } from '../../shared/not-loaded';
import type { PageTenant } from '../../shared/page-tenant';
import { cityDateTime } from '../city-time';
import { LoadMore } from '../load-more';
import { loadNextPage } from '../next-page';
import { READ_ON_VISIT } from '../read-on-visit';
import { PaperlessCsvDocument, PaperlessListDocument } from './paperless-operations';

/** Accounts per page. */
const PAGE_SIZE = 50;

/**
 * Paperless billing for the billing office: how many accounts are not printed, which ones, and their numbers as a CSV
 * for the print vendor, read fresh when downloaded (choices change all day). Where the city does not offer paperless,
 * the page says so: every account is printed, and the choices residents made are kept for when it is offered again.
 */
export function PaperlessPage({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  const { locale } = useLocale();
  const client = useApolloClient();
  const { data, error, fetchMore, refetch } = useQuery(PaperlessListDocument, { variables: { first: PAGE_SIZE }, ...READ_ON_VISIT });
  const [download, setDownload] = useState<'idle' | 'working' | 'failed'>('idle');
  if (!data) return <NotLoaded failed={!!error} onRetry={() => void refetch()} />;
  const report = data.paperlessReport;
  const accounts = data.paperlessAccounts;

  async function downloadCsv() {
    if (download === 'working') return;
    setDownload('working');
    try {
      const { data: csv } = await client.query({ query: PaperlessCsvDocument, fetchPolicy: 'network-only' });
      if (!csv) throw new Error('no CSV');
      const url = URL.createObjectURL(new Blob([csv.paperlessAccountsCsv], { type: 'text/csv' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `paperless-accounts-${tenant.slug}.csv`;
      link.click();
      URL.revokeObjectURL(url);
      setDownload('idle');
    } catch {
      setDownload('failed');
    }
  }

  return (
    <>
      <p className="lead">{t('console.paperless.intro')}</p>
      {!report.offered && <p role="note">{t('console.paperless.notOffered', { kept: report.choicesNotInForce })}</p>}
      <dl className="facts">
        <dt>{t('console.paperless.accounts')}</dt>
        <dd>{report.accountsPaperless}</dd>
        <dt>{t('console.paperless.holders')}</dt>
        <dd>{report.holdersPaperless}</dd>
        <dt>{t('console.paperless.notInForce')}</dt>
        <dd>{report.choicesNotInForce}</dd>
      </dl>
      <div className="actions">
        <button type="button" aria-disabled={download === 'working' || undefined} onClick={() => void downloadCsv()}>
          {t('console.paperless.download')}
        </button>
      </div>
      <p role="status">{download === 'failed' ? t('console.paperless.downloadFailed') : ''}</p>
      {accounts.edges.length === 0 ? (
        <p>{t('console.paperless.empty')}</p>
      ) : (
        <DataTable
          caption={t('console.paperless.caption')}
          landmark
          className="data-table"
          columns={[
            { label: t('accounts.search.number') },
            { label: t('accounts.search.holder') },
            { label: t('console.paperless.since') },
            { label: t('console.paperless.holdersColumn'), numeric: true },
          ]}
        >
          {accounts.edges.map(({ node }) => (
            <tr key={node.serviceAccount.id}>
              <th scope="row">
                <AppLink to={`/console/accounts/${node.serviceAccount.id}`}>{node.accountNumber}</AppLink>
              </th>
              <td>{node.serviceAccount.customerName}</td>
              <td>{cityDateTime(node.since, tenant.timezone, locale)}</td>
              <td className="number">{node.holders}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <LoadMore hasMore={accounts.pageInfo.hasNextPage} load={() => loadNextPage(fetchMore, data, 'paperlessAccounts')} />
    </>
  );
}
