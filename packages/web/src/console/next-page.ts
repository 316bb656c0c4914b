/** What a list read a page at a time holds of its connection: its edges, and where the next page starts. */
interface Connection {
  edges: unknown[];
  pageInfo: { endCursor?: string | null };
}

/** Apollo's fetchMore for a query whose variables take `after`, as the pages use it. */
type FetchMore<Q> = (options: { variables: { after: string }; updateQuery: (shown: Q, next: { fetchMoreResult: Q }) => Q }) => Promise<unknown>;

/**
 * "Load more" under a list a connection field (`field` of the query's `data`) reads a page at a time: the page after
 * the last one shown, its edges put after those shown, and the page info (the next cursor with it) from the newest page
 * fetched. Resolves at once when there is no next page to ask for.
 */
export function loadNextPage<Q extends { [K in F]: Connection }, F extends keyof Q & string>(fetchMore: FetchMore<Q>, data: Q | undefined, field: F): Promise<unknown> {
  const after = data?.[field].pageInfo.endCursor;
  if (!after) return Promise.resolve();
  return fetchMore({
    variables: { after },
    updateQuery: (shown, { fetchMoreResult }) => ({ ...fetchMoreResult, [field]: { ...fetchMoreResult[field], edges: [...shown[field].edges, ...fetchMoreResult[field].edges] } }),
  });
}
