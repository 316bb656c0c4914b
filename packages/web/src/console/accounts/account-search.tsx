import { useApolloClient } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ConsoleAccountSearchQuery } from '../../gql/graphql';
import { DataTable } from '../../shared/data-table';
import { Field } from '../../shared/field';
import type { MessageKey } from '../../shared/i18n/translate';
import { useT } from '../../shared/locale';
import { AppLink } from '../../shared/app-link';
import { useFirstNewRow } from '../../shared/first-new-row';
import { AccountSearchDocument } from './accounts-operations';

type Row = ConsoleAccountSearchQuery['serviceAccounts']['edges'][number]['node'];

interface SearchState {
  readonly search: string;
  readonly phase: 'idle' | 'searching' | 'done' | 'failed';
  readonly rows: readonly Row[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

const STORAGE_KEY = 'web.console.accounts.search';

const IDLE: SearchState = { search: '', phase: 'idle', rows: [], endCursor: null, hasNextPage: false };

/** The last search of this tab, so coming back from an account (or reloading) shows it again, refreshed. */
let lastSearch: SearchState = { ...IDLE, search: remembered() };

/** The tab's last search text (sessionStorage: this tab only, gone when it closes); '' where storage is refused. */
function remembered(): string {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

function remember(search: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, search);
  } catch {
    // Storage refused (private mode): the search is simply not remembered.
  }
}

/** Issue 13 item 5: find an account by any part of its number, its holder's name (any order) or its street. */
export function AccountSearch() {
  const t = useT();
  const ids = useId();
  const client = useApolloClient();
  const [typed, setTyped] = useState(lastSearch.search);
  const [state, setState] = useState<SearchState>(lastSearch);
  // The page's own words (it asks nothing before saying them), kept as a key so they follow a switch of language.
  const [problem, setProblem] = useState<MessageKey | null>(null);
  // Each refused press, so pressing again with the field still empty brings focus back to it too.
  const [refusals, setRefusals] = useState(0);
  const latest = useRef(0);
  const firstNew = useFirstNewRow<HTMLAnchorElement>();

  async function run(search: string, after: SearchState | null = null) {
    const request = ++latest.current;
    setState((previous) => ({ ...(after ?? { ...IDLE, search, rows: previous.search === search ? previous.rows : [] }), search, phase: 'searching' }));
    try {
      const { data } = await client.query({ query: AccountSearchDocument, variables: { search, after: after?.endCursor ?? null }, fetchPolicy: 'network-only' });
      if (request !== latest.current || !data) return;
      const page = data.serviceAccounts;
      const next: SearchState = {
        search,
        phase: 'done',
        rows: [...(after?.rows ?? []), ...page.edges.map((edge) => edge.node)],
        endCursor: page.pageInfo.endCursor ?? null,
        hasNextPage: page.pageInfo.hasNextPage,
      };
      lastSearch = next;
      remember(search);
      setState(next);
      if (after) firstNew.added(after.rows.length);
    } catch {
      if (request === latest.current) setState((previous) => ({ ...previous, phase: 'failed' }));
    }
  }

  // A refused press takes focus to the field, whose description is the reason: a screen reader reads it, where an error
  // appearing under the field while focus stays on Search is never heard.
  useEffect(() => {
    if (refusals > 0) document.getElementById(`${ids}-q`)?.focus();
  }, [refusals, ids]);

  // Back from an account: the remembered results at once, then as they are now.
  useEffect(() => {
    if (lastSearch.search) void run(lastSearch.search);
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const search = typed.trim();
    if (!search) {
      setProblem('accounts.search.required');
      return setRefusals((count) => count + 1);
    }
    setProblem(null);
    void run(search);
  }

  const announcement =
    state.phase === 'searching'
      ? t('accounts.search.searching')
      : state.phase === 'failed'
        ? ''
        : state.phase === 'done'
          ? state.rows.length === 0
            ? t('accounts.search.noneFound', { search: state.search })
            : t(state.rows.length === 1 ? 'accounts.search.foundOne' : state.hasNextPage ? 'accounts.search.foundMore' : 'accounts.search.found', { count: state.rows.length })
          : '';

  return (
    <div className="account-search">
      <form role="search" className="search-form" noValidate onSubmit={submit} aria-label={t('accounts.search.region')}>
        <Field id={`${ids}-q`} label={t('accounts.search.label')} hint={t('accounts.search.hint')} error={problem ? t(problem) : undefined}>
          {(control) => (
            <div className="search-row">
              <input {...control} type="search" name="q" autoComplete="off" spellCheck={false} value={typed} onChange={(event) => setTyped(event.target.value)} />
              <button type="submit">{t('accounts.search.submit')}</button>
            </div>
          )}
        </Field>
      </form>

      <p role="status" className="search-status">
        {announcement}
      </p>
      {state.phase === 'failed' && (
        <div role="alert" className="error-summary">
          <p>{t('accounts.search.failed')}</p>
          <button type="button" onClick={() => void run(state.search)}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {state.rows.length > 0 && (
        <DataTable
          caption={t('accounts.search.caption', { search: state.search })}
          captionHidden
          columns={[{ label: t('accounts.search.number') }, { label: t('accounts.search.holder') }, { label: t('accounts.search.address') }, { label: t('accounts.search.status') }]}
        >
          {state.rows.map((row, index) => (
            <tr key={row.id}>
              <th scope="row">
                <AppLink ref={firstNew.refAt(index)} to={`/console/accounts/${row.id}`}>
                  {row.accountNumber}
                </AppLink>
              </th>
              <td>{row.customerName}</td>
              <td>{[row.serviceAddress.line1, row.serviceAddress.line2].filter(Boolean).join(', ')}</td>
              <td>{t(`accounts.status.${row.status}`)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {/* Kept while the next page loads, busy rather than gone or disabled, so the focus of whoever pressed it stays
          put; once the page is in, focus moves to its first account. */}
      {state.hasNextPage && (
        <button
          type="button"
          className="secondary"
          aria-disabled={state.phase === 'searching' || undefined}
          onClick={() => {
            if (state.phase !== 'searching') void run(state.search, state);
          }}
        >
          {t(state.phase === 'searching' ? 'accounts.search.loadingMore' : 'accounts.search.more')}
        </button>
      )}
    </div>
  );
}
