import { SUPPORTED_LOCALES, type Clock } from '@platform/core';
import { updateReturning, withTenant } from '@platform/db';
import { listTenants, toTenantRef } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { callExpiredTwiml } from './call-speech';
import { giveBackPlaces, type CardReadPlaces } from './card-read-places';
import { tellPaymentOfEndedCall, type EndedCall } from './ended-call-payment';

/**
 * Calls whose state outlived its time (the provider's status callback never
 * came): the state goes, and a call still in progress is abandoned at its
 * step, or, when a payment was under way as its caller left, gets that
 * payment as a hang-up does (tellPaymentOfEndedCall). Its last answer becomes
 * the goodbye a late webhook of it hears, as when the webhook finds it
 * expired first. Idempotent: a call done once is not matched again.
 */
export async function expireCalls(db: DataSource, clock: Clock, log: Logger): Promise<void> {
  const now = clock.now();
  const goodbyes = JSON.stringify(Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, callExpiredTwiml(locale)])));
  for (const tenant of await listTenants(db)) {
    const scope = { db, tenant: toTenantRef(tenant), clock };
    // The rows returned are the calls as they were.
    const expired = await withTenant(scope, (manager) =>
      updateReturning<EndedCall & { from: string | null; cardReadPlaces: CardReadPlaces | null }>(
        manager,
        `UPDATE phone_calls SET
           outcome = CASE WHEN outcome = 'IN_PROGRESS' THEN 'ABANDONED' ELSE outcome END,
           ended_at_step = CASE WHEN outcome = 'IN_PROGRESS' THEN step ELSE ended_at_step END,
           state = NULL, ended_at = coalesce(ended_at, expires_at), last_twiml = coalesce($2::jsonb ->> locale, last_twiml)
         WHERE state IS NOT NULL AND expires_at <= $1
         RETURNING call_sid AS "callSid", old.outcome, old.step, (old.state->>'attempt')::int AS attempt, old.state->>'from' AS "from", old.state->'cardReadPlaces' AS "cardReadPlaces"`,
        [now, goodbyes],
      ),
    );
    if (expired.length > 0) log.info({ tenant: tenant.slug, calls: expired.length }, 'expired phone calls');
    for (const call of expired) {
      // A card being keyed as the call was left was never declined: its places go back.
      await giveBackPlaces(scope, log, call.cardReadPlaces);
      // Logged, not thrown: a retry of the job would not find the call again (its state is gone), and one payment not
      // read now is not to keep the other calls, or the next city's, from theirs.
      await tellPaymentOfEndedCall(scope, call, call.from).catch((error: unknown) =>
        log.error({ err: error, tenant: tenant.slug, callSid: call.callSid }, 'the payment of an expired phone call was not put on it'),
      );
    }
  }
}
