/**
 * Events as the database can pick them out by itself, with no code of ours run
 * on each: a prefix of the type, and fields the payload holds (JSON
 * containment). A feed's latest event is then one query, however many events
 * of other kinds came after it (EventFeed.latestCursor), and a live feed keeps
 * the same events by the same test (matchesAny).
 */
export interface EventMatch {
  /** The type starts with it, e.g. "account.". */
  readonly typePrefix: string;
  /** Fields the payload holds at exactly these values, e.g. `{ from: 'RESTORATION_PENDING' }`; none: any payload. */
  readonly payload?: Readonly<Record<string, string>>;
}

/** Whether the event is one of these, as the database tests it. */
export function matchesAny(matches: readonly EventMatch[], event: { readonly type: string; readonly payload: unknown }): boolean {
  const payload = typeof event.payload === 'object' && event.payload !== null ? (event.payload as Readonly<Record<string, unknown>>) : {};
  return matches.some((match) => event.type.startsWith(match.typePrefix) && Object.entries(match.payload ?? {}).every(([field, value]) => payload[field] === value));
}
