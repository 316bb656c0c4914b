import type { Clock } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { forEachCity, toTenantRef } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { In, IsNull, Not, Raw } from 'typeorm';
import { paymentCleared } from '@platform/billing';
import type { PaymentScope } from '../payment-scope';
import { lockPayment, updatePayment } from '../payment/payment-transition.service';
import { PaymentEntity } from '../payment/payment.entity';
import type { PaymentStatus } from '../payment/payment.state';
import { findOpenVoid, noOpenVoid, recordRefundsMadeAtProcessor } from '../refunds-and-voids/payment-operation.service';
import { finishDashboardVoid } from '../refunds-and-voids/payment-reversal.service';
import { recordReturn } from './echeck-return.service';

/**
 * Follows e-checks until the bank settles or returns them, and settled ones
 * for LATE_RETURN_WINDOW_DAYS more, for a late return (recordReturn says
 * what a return brings, early or late) or a refund made in the processor's
 * own dashboard (recordRefundsMadeAtProcessor).
 */
export function settleEchecks(processor: PaymentProcessor) {
  return async (db: DataSource, clock: Clock, log: Logger): Promise<void> => {
    await forEachCity(db, log, async (tenant) => {
      const result = await settleTenantEchecks({ db, tenant: toTenantRef(tenant), clock }, processor, log.child({ tenant: tenant.slug }));
      if (result.settled + result.returned > 0) log.info({ tenant: tenant.slug, ...result }, 'e-checks settled');
    });
  };
}

/**
 * How long after settlement an e-check may still come back, in days. NACHA
 * gives the payer's bank 60 calendar days from settlement to return a debit
 * its holder says they never authorized (R05, R07, R10, R29...); every other
 * return comes within two banking days, before settlement. Counted from
 * when this job saw the settlement, no earlier than the bank's.
 */
const LATE_RETURN_WINDOW_DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * A return the payer's bank sends on the 60th day reaches the city's bank the
 * next banking day (after a weekend and a holiday, up to four days on), and
 * the processor tells of it after that: settled e-checks are asked after for
 * this long past the 60 days too.
 */
const RETURN_ARRIVAL_MS = 5 * DAY_MS;
const LATE_RETURN_WINDOW_MS = LATE_RETURN_WINDOW_DAYS * DAY_MS + RETURN_ARRIVAL_MS;

/**
 * How long a settled e-check goes unasked after each look: a day. A bank
 * sends its returns in a daily file, so asking more often finds nothing
 * new, while e-checks still unsettled are asked every run (hourly), their
 * settlement or early return due any hour. A city's calls for settled
 * e-checks a day are then about how many it settled in the last 60 days,
 * spread over the day's runs (each is due a day after its own last look),
 * not 24 times that.
 */
const SETTLED_LOOK_INTERVAL_MS = DAY_MS;

/**
 * A settled e-check gets one last look once its window has closed, so a
 * return sent on the window's last day, which reaches the processor after
 * it, is still seen. If the job cannot take that look within a week (down
 * that long), it gives it up: how far back it reads settlements is bounded.
 */
const LAST_LOOK_GRACE_MS = 7 * DAY_MS;

/**
 * E-checks the bank may still settle, return or void: accepted or posted. A
 * refunded one is followed too: a processor refunds an e-check once settled,
 * maybe before this job has seen it, and its bank may still return it (a
 * late return), whether this job has seen the settlement yet or not.
 */
export const FOLLOWED: readonly PaymentStatus[] = ['AUTHORIZED', 'POSTED', 'PARTIALLY_REFUNDED', 'REFUNDED'];
const REFUNDED: readonly PaymentStatus[] = ['PARTIALLY_REFUNDED', 'REFUNDED'];

interface Tally {
  settled: number;
  returned: number;
  /** Settled e-checks asked after for a late return. */
  lookedAfterSettlement: number;
}

async function settleTenantEchecks(scope: PaymentScope, processor: PaymentProcessor, log: Logger): Promise<Tally> {
  // A void of ours with the processor holds the e-check back until its answer is known, as it holds back posting: the
  // processor may say VOIDED because of it, and reconciliation records that void as the staff member's who asked.
  const open = await withTenant(scope, (manager) =>
    manager.getRepository(PaymentEntity).find({
      where: { id: Raw(noOpenVoid), methodKind: 'BANK_ACCOUNT', status: In([...FOLLOWED]), settledAt: IsNull(), processorChargeId: Not(IsNull()) },
      order: { madeAt: 'ASC' },
    }),
  );
  // Read before this run settles any: one settled now is next due tomorrow.
  const settled = await withTenant(scope, (manager) => settledEchecksDue(manager, scope.clock.now()));
  const tally: Tally = { settled: 0, returned: 0, lookedAfterSettlement: 0 };
  for (const candidate of open) {
    const charge = await processor.getCharge(candidate.processorChargeId!);
    if (charge.outcome !== 'OK') continue;
    const { status, returnCode, voidedAt } = charge.value;
    if (status !== 'SETTLED' && status !== 'RETURNED' && status !== 'VOIDED') continue;
    // One e-check that cannot be recorded (a bug, a deadlock) must not hold back the city's others, which come after it every run.
    await withTenant(scope, async (manager) => {
      const payment = await lockPayment(manager, candidate.id);
      if (!payment || payment.settledAt || !FOLLOWED.includes(payment.status) || (await findOpenVoid(manager, payment.id))) return;
      if (status === 'VOIDED') {
        // Refunded, it had settled: no processor voids it then.
        if (REFUNDED.includes(payment.status)) return;
        await finishDashboardVoid(manager, scope, payment, voidedAt);
        return;
      }
      if (status === 'SETTLED') {
        // Settling is a fact about the e-check, not a new status: recorded, with no transition. If it has posted already,
        // it is verified now, and may restore the service it paid for (before posting, paymentCleared finds nothing).
        await updatePayment(manager, scope, payment, { settledAt: scope.clock.now() });
        await paymentCleared(manager, scope, payment.id);
        tally.settled++;
        return;
      }
      await recordEcheckReturn(manager, scope, payment, { id: charge.value.id, returnCode }, log);
      tally.returned++;
    }).catch((error: unknown) => log.error({ paymentId: candidate.id, err: error }, 'could not record what the bank did with an e-check'));
  }
  for (const candidate of settled) {
    const charge = await processor.getCharge(candidate.chargeId);
    tally.lookedAfterSettlement++;
    // No answer: asked again next run. Any answer, a refusal too, counts as the day's look.
    if (charge.outcome === 'UNKNOWN') continue;
    const returned = charge.outcome === 'OK' && charge.value.status === 'RETURNED' ? charge.value : null;
    await withTenant(scope, async (manager) => {
      const payment = await lockPayment(manager, candidate.id);
      if (!payment || !payment.settledAt || !FOLLOWED.includes(payment.status)) return;
      if (!returned) {
        await manager.query('UPDATE payments SET bank_checked_at = $2 WHERE id = $1', [payment.id, scope.clock.now()]);
        // The day's look tells of refunds made in the processor's own dashboard too (recorded once posted).
        if (charge.outcome === 'OK') await recordRefundsMadeAtProcessor(manager, scope, payment, charge.value.refundedCents);
        return;
      }
      await recordEcheckReturn(manager, scope, payment, returned, log);
      tally.returned++;
    }).catch((error: unknown) => log.error({ paymentId: candidate.id, err: error }, 'could not record a late return of an e-check'));
  }
  return tally;
}

/** recordReturn, as the processor reported it; a refunded e-check's is logged for staff: the money went back twice. */
export async function recordEcheckReturn(
  manager: EntityManager,
  scope: PaymentScope,
  payment: PaymentEntity,
  charge: { readonly id: string; readonly returnCode: string | null },
  log: Logger,
): Promise<void> {
  const refunded = REFUNDED.includes(payment.status);
  await recordReturn(manager, scope, payment, charge, 'processor');
  if (refunded) log.warn({ paymentId: payment.id, returnCode: charge.returnCode }, 'a refunded e-check came back from its bank: the refund went out as well, for staff to recover');
}

/**
 * Settled e-checks of the city due a look for a late return: settled within
 * the window, or closed since without their last look, and not asked in
 * the last SETTLED_LOOK_INTERVAL_MS. The status list is the partial index's
 * (payments_settled_echecks), written out so the planner can use it.
 */
async function settledEchecksDue(manager: EntityManager, now: Date): Promise<{ id: string; chargeId: string }[]> {
  return manager.query(
    `SELECT id, processor_charge_id AS "chargeId" FROM payments
      WHERE method_kind = 'BANK_ACCOUNT' AND settled_at IS NOT NULL AND status IN ('AUTHORIZED', 'POSTED', 'PARTIALLY_REFUNDED', 'REFUNDED')
        AND processor_charge_id IS NOT NULL
        AND settled_at > $1
        AND coalesce(bank_checked_at, settled_at) < settled_at + $2 * interval '1 millisecond'
        AND coalesce(bank_checked_at, settled_at) <= $3
      ORDER BY settled_at`,
    [new Date(now.getTime() - LATE_RETURN_WINDOW_MS - LAST_LOOK_GRACE_MS), LATE_RETURN_WINDOW_MS, new Date(now.getTime() - SETTLED_LOOK_INTERVAL_MS)],
  );
}
