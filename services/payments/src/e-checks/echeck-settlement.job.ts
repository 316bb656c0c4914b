import type { Clock } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { forEachCity, toTenantRef } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { In, IsNull, Not } from 'typeorm';
import { paymentCleared } from '@platform/billing';
import type { PaymentScope } from '../payment-scope';
import { lockPayment, updatePayment } from '../payment/payment-transition.service';
import { PaymentEntity } from '../payment/payment.entity';
import type { PaymentStatus } from '../payment/payment.state';
import { finishVoid } from '../refunds-and-voids/payment-reversal.service';
import { recordReturn } from './echeck-return.service';

/** Follows e-checks until the bank settles or returns them (recordReturn says what a return brings). */
export function settleEchecks(processor: PaymentProcessor) {
  return async (db: DataSource, clock: Clock, log: Logger): Promise<void> => {
    await forEachCity(db, log, async (tenant) => {
      const result = await settleTenantEchecks({ db, tenant: toTenantRef(tenant), clock }, processor, log.child({ tenant: tenant.slug }));
      if (result.settled + result.returned > 0) log.info({ tenant: tenant.slug, ...result }, 'e-checks settled');
    });
  };
}

/**
 * E-checks the bank may still settle, return or void: accepted or posted. A
 * refunded one is followed too, for its settlement date only (a processor
 * refunds an e-check once settled, maybe before this job has seen it).
 */
const FOLLOWED: readonly PaymentStatus[] = ['AUTHORIZED', 'POSTED', 'PARTIALLY_REFUNDED', 'REFUNDED'];
const REFUNDED: readonly PaymentStatus[] = ['PARTIALLY_REFUNDED', 'REFUNDED'];

async function settleTenantEchecks(scope: PaymentScope, processor: PaymentProcessor, log: Logger): Promise<{ settled: number; returned: number }> {
  const open = await withTenant(scope, (manager) =>
    manager.getRepository(PaymentEntity).find({ where: { methodKind: 'BANK_ACCOUNT', status: In([...FOLLOWED]), settledAt: IsNull(), processorChargeId: Not(IsNull()) }, order: { madeAt: 'ASC' } }),
  );
  let settled = 0;
  let returned = 0;
  for (const candidate of open) {
    const charge = await processor.getCharge(candidate.processorChargeId!);
    if (charge.outcome !== 'OK') continue;
    const { status, returnCode } = charge.value;
    if (status !== 'SETTLED' && status !== 'RETURNED' && status !== 'VOIDED') continue;
    // One e-check that cannot be recorded (a bug, a deadlock) must not hold back the city's others, which come after it every run.
    await withTenant(scope, async (manager) => {
      const payment = await lockPayment(manager, candidate.id);
      if (!payment || payment.settledAt || !FOLLOWED.includes(payment.status)) return;
      if (REFUNDED.includes(payment.status) && status !== 'SETTLED') return;
      if (status === 'VOIDED') {
        await finishVoid(manager, scope, payment, 'processor', { kind: 'VOIDED_AT_PROCESSOR' });
        return;
      }
      if (status === 'SETTLED') {
        // Settling is a fact about the e-check, not a new status: recorded, with no transition. If it has posted already,
        // it is verified now, and may restore the service it paid for (before posting, paymentCleared finds nothing).
        await updatePayment(manager, scope, payment, { settledAt: scope.clock.now() });
        await paymentCleared(manager, scope, payment.id);
        settled++;
        return;
      }
      await recordReturn(manager, scope, payment, { id: charge.value.id, returnCode }, 'processor');
      returned++;
    }).catch((error: unknown) => log.error({ paymentId: candidate.id, err: error }, 'could not record what the bank did with an e-check'));
  }
  return { settled, returned };
}
