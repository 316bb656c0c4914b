import type { Clock } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { forEachCity, toTenantRef } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { applyChargeOutcome, chargeKeyFor } from '../make-payment/charge-outcome.service';
import type { PaymentScope } from '../payment-scope';
import { PaymentEntity } from '../payment/payment.entity';
import { STALE_PENDING_MS } from '../payment/payment.state';
import { retryOpenOperations } from '../refunds-and-voids/payment-operation.service';
import { readProcessorEvents } from './processor-events';

/**
 * Settles payments whose outcome is not known by asking the processor what
 * happened under the payment's own key: a charge found is recorded as made;
 * none found means none was made. Nothing is guessed: while the processor
 * still does not answer, the payment stays UNKNOWN for the next run. Then
 * reads the processor's event feed for what it did unasked (processor-events.ts):
 * after the cities' open refunds and voids are settled, which its events wait on.
 */
export function reconcilePayments(processor: PaymentProcessor) {
  return async (db: DataSource, clock: Clock, log: Logger): Promise<void> => {
    const cities = forEachCity(db, log, async (tenant) => {
      const scope: PaymentScope = { db, tenant: toTenantRef(tenant), clock };
      const settled = await reconcileTenant(scope, processor, log.child({ tenant: tenant.slug }));
      if (settled > 0) log.info({ tenant: tenant.slug, settled }, 'reconciled');
    }).then(
      () => null,
      (error: unknown) => ({ error }),
    );
    // One city that failed (and fails the job, to be tried again) must not hold back what the feed tells of the others.
    const failed = await cities;
    const read = await readProcessorEvents(db, clock, processor, log);
    if (read > 0) log.info({ read }, 'processor events read');
    if (failed) throw failed.error;
  };
}

/** Settles a city's payments, refunds and voids whose processor answer was lost; how many it settled. */
async function reconcileTenant(scope: PaymentScope, processor: PaymentProcessor, log: Logger): Promise<number> {
  const staleBefore = new Date(scope.clock.now().getTime() - STALE_PENDING_MS);
  const candidates = await withTenant(scope, (manager) => manager.getRepository(PaymentEntity).find({ where: { status: In(['UNKNOWN', 'PENDING']) }, order: { madeAt: 'ASC' } }));
  let settled = 0;
  for (const payment of candidates) {
    if (payment.madeAt > staleBefore) continue;
    const found = await processor.findChargeByIdempotencyKey(chargeKeyFor(payment.id));
    // Only an answer to the search settles a payment: a search the processor refused (a 4xx) says nothing of the charge.
    if (found.outcome !== 'OK') {
      if (found.outcome !== 'UNKNOWN') log.warn({ paymentId: payment.id, outcome: found.outcome, code: found.code }, 'the processor refused a charge search');
      continue;
    }
    // One payment that cannot be recorded (a bug) must not hold back the city's others, which come after it every run.
    try {
      const after = await applyChargeOutcome(scope, payment.id, found, 'reconciliation', 'NOBODY_WAITING');
      if (after.status !== payment.status) settled++;
    } catch (error) {
      log.error({ paymentId: payment.id, err: error }, 'could not record what the processor said of a payment');
    }
  }
  return settled + (await retryOpenOperations(scope, processor, staleBefore, log));
}
