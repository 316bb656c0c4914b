import { useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef } from 'react';
import type { ConsoleAutopayRunQuery } from '../../gql/graphql';
import type { MessageKey } from '../../shared/i18n/translate';
import { en } from '../../shared/i18n/en';
import { DataTable } from '../../shared/data-table';
import { useLocale, useT } from '../../shared/locale';
import type { PageTenant } from '../../shared/page-tenant';
import { AutopayRunDocument } from './admin-operations';
import { cityDate, cityDateTime } from '../city-time';
import { LoadMore } from '../load-more';
import { NotLoaded } from '../../shared/not-loaded';
import { READ_ON_VISIT } from '../read-on-visit';

type Outcome = NonNullable<ConsoleAutopayRunQuery['autopayRun']>['outcomes']['edges'][number]['node'];

/** One run (`autopayRun`): when and how it ran, its counts, and what it did to each account. */
export function AutopayRunDetail({ id, tenant, onClose }: { readonly id: string; readonly tenant: PageTenant; readonly onClose: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const ids = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const { data, error, fetchMore, refetch } = useQuery(AutopayRunDocument, { variables: { id }, ...READ_ON_VISIT });
  const run = data?.autopayRun;
  const loaded = run !== undefined;

  // Opened from the table: the detail's heading takes focus, so a screen reader reads which run this is.
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [id, loaded]);

  function loadMore() {
    if (!run?.outcomes.pageInfo.endCursor) return Promise.resolve();
    return fetchMore({
      variables: { after: run.outcomes.pageInfo.endCursor },
      updateQuery: (shown, { fetchMoreResult }) => {
        const [before, more] = [shown.autopayRun, fetchMoreResult.autopayRun];
        if (!before || !more) return shown;
        return { autopayRun: { ...before, outcomes: { ...more.outcomes, edges: [...before.outcomes.edges, ...more.outcomes.edges] } } };
      },
    });
  }

  if (!run) return <NotLoaded failed={!!error} onRetry={() => void refetch()} />;
  const date = cityDate(run.runDate, locale);
  const outcomes = run.outcomes.edges.map((edge) => edge.node);
  return (
    <section className="card" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`} ref={heading} tabIndex={-1}>
        {t('console.autopay.detailHeading', { date })}
      </h2>
      <dl className="facts">
        <dt>{t('console.autopay.started')}</dt>
        <dd>{cityDateTime(run.startedAt, tenant.timezone, locale)}</dd>
        <dt>{t('console.autopay.finishedAt')}</dt>
        <dd>{run.finishedAt ? cityDateTime(run.finishedAt, tenant.timezone, locale) : t('console.autopay.notFinished')}</dd>
        <dt>{t('console.autopay.trigger')}</dt>
        <dd>{t(`console.autopay.trigger.${run.trigger}`)}</dd>
        <dt>{t('console.autopay.amount')}</dt>
        <dd>{run.summary.totalCharged.formatted}</dd>
        <dt>{t('console.autopay.suspended')}</dt>
        <dd>{run.summary.suspended}</dd>
      </dl>
      {outcomes.length === 0 ? (
        <p>{t('console.autopay.noOutcomes')}</p>
      ) : (
        <DataTable
          caption={t('console.autopay.outcomesCaption')}
          landmark
          className="data-table"
          columns={[
            { label: t('console.autopay.account') },
            { label: t('console.autopay.outcome') },
            { label: t('console.autopay.reason') },
            { label: t('console.autopay.asked'), numeric: true },
            { label: t('console.autopay.amount'), numeric: true },
            { label: t('console.autopay.attempt'), numeric: true },
            { label: t('console.autopay.nextAttempt') },
          ]}
        >
          {outcomes.map((outcome, index) => (
            <tr key={`${outcome.serviceAccountId}-${outcome.occurredAt}-${index}`}>
              <th scope="row">{outcome.accountNumber}</th>
              <td>{t(`console.autopay.kind.${outcome.kind}`)}</td>
              <td>{reasonText(outcome, t)}</td>
              <td className="number">{outcome.total?.formatted ?? t('console.admin.none')}</td>
              <td className="number">{charged(outcome) ?? t('console.admin.none')}</td>
              <td className="number">{outcome.attempt}</td>
              <td>{outcome.nextAttemptOn ? cityDate(outcome.nextAttemptOn, locale) : t('console.admin.none')}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <LoadMore hasMore={run.outcomes.pageInfo.hasNextPage} load={loadMore}>
        <button type="button" className="secondary" onClick={onClose}>
          {t('console.autopay.close')}
        </button>
      </LoadMore>
    </section>
  );
}

/**
 * What the outcome took from the card or bank account, the fee included: a CHARGED outcome's total. A declined
 * attempt took nothing (what it asked for is under "Amount asked"), and one awaiting the processor nothing known yet.
 */
function charged(outcome: Outcome): string | null {
  return outcome.kind === 'CHARGED' ? (outcome.total?.formatted ?? null) : null;
}

/** A reason code in words where the page knows it; a decline code it does not know is shown as the processor gave it. */
function reasonText(outcome: Outcome, t: ReturnType<typeof useT>): string {
  if (!outcome.reason) return t('console.admin.none');
  const key = `console.autopay.reason.${outcome.reason}`;
  return key in en ? t(key as MessageKey) : outcome.reason;
}
