import type { TenantScope } from '@platform/db';
import { giveBackCardReadPlaces, holdCardReadPlaces } from '@platform/payments';
import type { Logger } from 'pino';

/**
 * The places a `<Pay>` holds under payments' decline limits while its card is keyed (holdCardReadPlaces), as the
 * call's state keeps them (JSON: the window as ISO text). They are the call's until the `<Pay>` is answered: a card
 * its bank declined keeps them (that is its decline counted); anything else gives them back, and so does a call that
 * ends or expires before the answer comes. Whoever ends the `<Pay>` in the call's row (the webhook whose update of the
 * row holds, a hang-up, the expiry) gives them back, so they are given back once.
 */
export type CardReadPlaces = readonly { readonly key: string; readonly windowEndsAt: string }[];

/** Holds the places for a card read of `serviceAccountId` from `source` (RATE_LIMITED when a limit is spent), as the state keeps them. */
export async function holdPlacesForCardRead(...args: Parameters<typeof holdCardReadPlaces>): Promise<CardReadPlaces> {
  return (await holdCardReadPlaces(...args)).map(({ key, windowEndsAt }) => ({ key, windowEndsAt: windowEndsAt.toISOString() }));
}

/**
 * Gives back places a call held (none: nothing to do). A failure is logged, not thrown: the places stay taken until
 * their window ends, which errs on the limits' side, and the call's end is recorded all the same.
 */
export async function giveBackPlaces(scope: TenantScope, log: Logger, places: CardReadPlaces | null | undefined): Promise<void> {
  if (!places || places.length === 0) return;
  try {
    await giveBackCardReadPlaces(
      scope,
      places.map(({ key, windowEndsAt }) => ({ key, windowEndsAt: new Date(windowEndsAt) })),
    );
  } catch (error) {
    log.warn({ err: error }, 'phone: card read places not given back');
  }
}
