import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState } from 'react';
import type { ConsoleAutopayRunFragment } from '../../gql/graphql';
import { errorMessage } from '../../shared/api';
import { timeZoneName } from '../../shared/hours';
import { DataTable } from '../../shared/data-table';
import { useLocale, useT } from '../../shared/locale';
import { isServerWords, serverMessage, useMessageText, type Message } from '../../shared/message';
import type { PageTenant } from '../../shared/page-tenant';
import { useSaidInLocale } from '../../shared/said-in-locale';
import { AutopayRunsDocument, RunAutopayNowDocument } from './admin-operations';
import { AutopayRunDetail } from './autopay-run-detail';
import { LoadMore } from '../load-more';
import { loadNextPage } from '../next-page';
import { cityDate, cityDateTime } from '../city-time';
import { NotLoaded } from '../../shared/not-loaded';
import { READ_ON_VISIT } from '../read-on-visit';

const PAGE_SIZE = 20;

/** Issue 13 item 9 (ADMIN): autopay runs with what each did, one run's detail, and running autopay now. */
export function AutopayRunsPage({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  const { locale } = useLocale();
  const { data, error, fetchMore, refetch } = useQuery(AutopayRunsDocument, { variables: { first: PAGE_SIZE }, ...READ_ON_VISIT });
  const [open, setOpen] = useState<string | null>(null);
  const openers = useRef(new Map<string, HTMLButtonElement>());
  const runs = data?.autopayRuns;

  function close(id: string) {
    setOpen(null);
    // Back where the person was: the run's button in the table.
    openers.current.get(id)?.focus();
  }

  return (
    <>
      <p className="lead">{t('console.autopay.intro', { zone: timeZoneName(tenant.timezone, locale) })}</p>
      <RunNow onRan={() => void refetch()} />
      {!runs ? (
        <NotLoaded failed={!!error} onRetry={() => void refetch()} />
      ) : runs.edges.length === 0 ? (
        <p>{t('console.autopay.empty')}</p>
      ) : (
        <DataTable
          caption={t('console.autopay.caption')}
          landmark
          className="data-table"
          columns={[
            { label: t('console.autopay.date') },
            { label: t('console.autopay.started') },
            { label: t('console.autopay.trigger') },
            { label: t('console.autopay.status') },
            { label: t('console.autopay.charged'), numeric: true },
            { label: t('console.autopay.declined'), numeric: true },
            { label: t('console.autopay.suspended'), numeric: true },
            { label: t('console.autopay.skipped'), numeric: true },
            { label: t('console.autopay.awaiting'), numeric: true },
            { label: t('console.autopay.amount'), numeric: true },
          ]}
        >
          {runs.edges.map(({ node: run }) => (
            <tr key={run.id}>
              <th scope="row">
                <button
                  type="button"
                  className="link-like nowrap"
                  aria-expanded={open === run.id}
                  aria-label={t('console.autopay.viewRun', { date: cityDate(run.runDate, locale) })}
                  ref={(button) => {
                    if (button) openers.current.set(run.id, button);
                    else openers.current.delete(run.id);
                  }}
                  onClick={() => setOpen(open === run.id ? null : run.id)}
                >
                  {cityDate(run.runDate, locale)}
                </button>
              </th>
              <td>
                <time dateTime={run.startedAt}>{cityDateTime(run.startedAt, tenant.timezone, locale)}</time>
              </td>
              <td>{t(`console.autopay.trigger.${run.trigger}`)}</td>
              <td>{t(run.finishedAt ? 'console.autopay.finished' : 'console.autopay.notFinished')}</td>
              <td className="number">{run.summary.charged}</td>
              <td className="number">{run.summary.failed}</td>
              <td className="number">{run.summary.suspended}</td>
              <td className="number">{run.summary.skipped}</td>
              <td className="number">{run.summary.awaitingProcessor}</td>
              <td className="number nowrap">{run.summary.totalCharged.formatted}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <LoadMore hasMore={runs?.pageInfo.hasNextPage ?? false} load={() => loadNextPage(fetchMore, data, 'autopayRuns')} />
      {open && <AutopayRunDetail id={open} tenant={tenant} onClose={() => close(open)} />}
    </>
  );
}

/** What Run autopay now came to: the run itself, its sentence written as it is drawn (it follows a switch of language), or a problem. */
type RunOutcome = { readonly run: ConsoleAutopayRunFragment } | { readonly problem: Message };

/** What Run autopay now came to, once the page's language changes: the API's refusal, in the language it was asked in, is dropped. */
const runOutcomeInLocale = (outcome: RunOutcome | null): RunOutcome | null => (outcome && 'problem' in outcome && isServerWords(outcome.problem) ? null : outcome);

/**
 * "Run autopay now", confirmed in place. The API runs it for the city's today
 * on its own clock and charges nobody twice for a month, so a second run (or a
 * double press, which the disabled button already stops) does no harm.
 */
function RunNow({ onRan }: { readonly onRan: () => void }) {
  const t = useT();
  const say = useMessageText();
  const { locale } = useLocale();
  const questionId = useId();
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useSaidInLocale<RunOutcome | null>(() => null, runOutcomeInLocale);
  const [runNow, { loading }] = useMutation(RunAutopayNowDocument);
  const start = useRef<HTMLButtonElement>(null);
  const yes = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) yes.current?.focus();
  }, [confirming]);
  // Back to the button once the outcome is drawn, not straight after the answer: until React draws it enabled again,
  // the button is disabled and refuses the focus, which fell to the document.
  useEffect(() => {
    if (outcome) start.current?.focus();
  }, [outcome]);

  /** Cancel, or Escape (as in every dialog of the console): back to the button, nothing run. */
  function cancel() {
    setConfirming(false);
    setTimeout(() => start.current?.focus());
  }

  async function confirm() {
    setConfirming(false);
    setOutcome(null);
    try {
      const { data } = await runNow();
      const result = data?.runAutopay;
      if (result?.run) {
        setOutcome({ run: result.run });
        onRan();
      } else setOutcome({ problem: serverMessage(result?.userErrors.map((e) => e.message).join(' '), 'common.loadFailed') });
    } catch (error) {
      setOutcome({ problem: serverMessage(errorMessage(error), 'common.loadFailed') });
    }
  }

  const ranText = (run: ConsoleAutopayRunFragment) =>
    t('console.autopay.ran', {
      date: cityDate(run.runDate, locale),
      charged: run.summary.charged,
      amount: run.summary.totalCharged.formatted,
      failed: run.summary.failed,
      suspended: run.summary.suspended,
      skipped: run.summary.skipped,
      awaiting: run.summary.awaitingProcessor,
    });

  return (
    <>
      {confirming ? (
        <div
          className="notice"
          role="group"
          aria-labelledby={questionId}
          onKeyDown={(event) => {
            if (event.key === 'Escape') cancel();
          }}
        >
          <p id={questionId}>{t('console.autopay.confirmText')}</p>
          <div className="actions">
            <button type="button" ref={yes} onClick={() => void confirm()}>
              {t('console.autopay.confirmYes')}
            </button>
            <button type="button" className="secondary" onClick={cancel}>
              {t('console.autopay.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" ref={start} disabled={loading} onClick={() => setConfirming(true)}>
            {t(loading ? 'console.autopay.running' : 'console.autopay.runNow')}
          </button>
        </div>
      )}
      {/* Present before anything is said, so screen readers hear what the run did. */}
      <div role="status">
        {outcome && 'run' in outcome && (
          <div className="notice">
            <p>{ranText(outcome.run)}</p>
          </div>
        )}
      </div>
      {outcome && 'problem' in outcome && (
        <div className="error-summary" role="alert">
          <p>{say(outcome.problem)}</p>
        </div>
      )}
    </>
  );
}
