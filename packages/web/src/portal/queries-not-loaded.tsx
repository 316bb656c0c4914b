import { NotLoaded } from '../shared/not-loaded';

/** What QueriesNotLoaded reads of a query (useQuery's result). */
interface PageQuery {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly refetch: () => Promise<unknown>;
}

/** NotLoaded for a page that needs several queries: failed when one it lacks failed, and Try again asks again for those it lacks. */
export function QueriesNotLoaded({ queries }: { readonly queries: readonly PageQuery[] }) {
  const missing = queries.filter((query) => !query.data);
  return <NotLoaded failed={missing.some((query) => !!query.error)} onRetry={() => missing.forEach((query) => void query.refetch())} />;
}
