import type { GraphQLResponse } from '@platform/testkit';

/* Helpers for tests that send many requests at once and tally what came back. */

/** How many requests a burst sends at once. */
export const BURST = 60;

type Answer = GraphQLResponse<Record<string, unknown>>;

/** What one answer amounts to: its top-level error code, its first user error, or OK. */
export function outcome(response: Answer): string {
  const payload = response.data ? (Object.values(response.data)[0] as { userErrors?: { code: string }[] } | null) : null;
  return response.errors?.[0]?.extensions?.code ?? payload?.userErrors?.[0]?.code ?? 'OK';
}

/** Sends `count` requests at once and tallies their outcomes, e.g. `{ INVALID_CREDENTIALS: 5, RATE_LIMITED: 55 }`. */
export async function burst(count: number, send: (i: number) => Promise<Answer>): Promise<Record<string, number>> {
  const responses = await Promise.all(Array.from({ length: count }, (_, i) => send(i)));
  const tally: Record<string, number> = {};
  for (const response of responses) tally[outcome(response)] = (tally[outcome(response)] ?? 0) + 1;
  return tally;
}

/** Client addresses (for X-Forwarded-For) that no earlier call returned, under a prefix of the caller's choosing. */
export function addressSource(prefix: string): () => string {
  let n = 0;
  return () => {
    n++;
    return `${prefix}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  };
}
