/*
 * One page-size rule and one connection builder for every list. A list
 * query fetches `fetchSize(size)` rows (one more than the page) so the
 * extra row tells whether another page follows, without a count.
 */

export interface PageSizeRule {
  /** When the client does not say. */
  readonly default: number;
  /** The most one page may hold, whatever the client asks. */
  readonly max: number;
}

export const DEFAULT_PAGE_SIZE: PageSizeRule = { default: 20, max: 100 };

/** The page size to serve for a client's `first`: at least 1, at most the rule's max. */
export function clampPageSize(first: number | null | undefined, rule: PageSizeRule = DEFAULT_PAGE_SIZE): number {
  if (first === null || first === undefined || !Number.isFinite(first)) return rule.default;
  return Math.min(Math.max(Math.trunc(first), 1), rule.max);
}

/** Rows to fetch for a page of `size`: one more, to learn whether another page follows. */
export const fetchSize = (size: number): number => size + 1;

export interface Connection<Node> {
  readonly edges: readonly { readonly node: Node; readonly cursor: string }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/** A Relay connection from rows fetched with `fetchSize(size)`: at most `size` edges, and whether more follow. */
export function toConnection<Row, Node>(rows: readonly Row[], size: number, edge: { readonly node: (row: Row) => Node; readonly cursor: (row: Row) => string }): Connection<Node> {
  const edges = rows.slice(0, size).map((row) => ({ node: edge.node(row), cursor: edge.cursor(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
}
