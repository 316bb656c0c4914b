import { isCounterMethod } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import type { EntityManager } from 'typeorm';
import { PaymentEntity } from '../payment/payment.entity';
import type { PaymentScope } from '../payment-scope';
import { postLocked } from '../posting/posting.job';
import { recordRefundsMadeAtProcessor } from './payment-operation.service';

/** What the processor says of a payment's charge now, as staff's refund or void of it asks. */
export interface AtProcessor {
  /** An e-check not yet posted whose bank has settled it (the settlement job looks hourly): refundable. */
  readonly settled: boolean;
  /** A card charge not yet posted that was voided in the processor's dashboard (the posting job looks on the posting day). */
  readonly voided: boolean;
  /** When the processor voided it, if it says. */
  readonly voidedAt: Date | null;
  /** What the processor has refunded of the charge in all, refunds made in its own dashboard included (recordRefundsMadeAtProcessor). */
  readonly refundedCents: bigint;
}

const NOTHING_SEEN: AtProcessor = { settled: false, voided: false, voidedAt: null, refundedCents: 0n };

/**
 * What the processor did with a payment that we may not have seen yet, as it
 * says now, asked by staff's refund or void of it: an unposted e-check's
 * settlement, an unposted card charge's void (which a refund would post first
 * as money received, and the processor would refuse to void again), and
 * refunds made in its dashboard (which the refund would count as still there
 * to give back, and the processor refuse with no reason staff can act on).
 * Asked before the refund's or void's transaction, not inside it: no lock is
 * held across a call to the processor. Nothing seen when it does not answer
 * (the refund's or void's own call is refused then), or for a payment no
 * processor holds money of.
 */
export async function unseenAtProcessor(scope: PaymentScope, processor: PaymentProcessor, paymentId: string): Promise<AtProcessor> {
  const payment = await withTenant(scope, (manager) => manager.getRepository(PaymentEntity).findOneBy({ id: paymentId }));
  if (!payment?.processorChargeId || isCounterMethod(payment.methodKind)) return NOTHING_SEEN;
  if (!['CAPTURED', 'AUTHORIZED', 'POSTED', 'PARTIALLY_REFUNDED'].includes(payment.status)) return NOTHING_SEEN;
  const charge = await processor.getCharge(payment.processorChargeId);
  if (charge.outcome !== 'OK') return NOTHING_SEEN;
  const { status, refundedCents, voidedAt } = charge.value;
  return {
    settled: payment.methodKind === 'BANK_ACCOUNT' && payment.status === 'AUTHORIZED' && payment.settledAt === null && status === 'SETTLED',
    voided: payment.methodKind === 'CARD' && payment.status === 'CAPTURED' && status === 'VOIDED',
    voidedAt,
    refundedCents,
  };
}

/**
 * Records, on the locked payment staff are refunding or voiding, refunds the
 * processor says it made beyond those recorded here (recordRefundsMadeAtProcessor),
 * so what staff are told is left to give back is what the processor has left.
 * A payment not yet posted is posted first, as a refund of ours posts it: the
 * money came in, and part of it went back.
 */
export async function recordRefundsSeenAtProcessor(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, seen: AtProcessor, actor: string): Promise<void> {
  if (seen.refundedCents <= payment.refundedCents) return;
  if (payment.status === 'CAPTURED' || (payment.status === 'AUTHORIZED' && (payment.settledAt !== null || seen.settled))) {
    await postLocked(manager, scope, payment, actor, { kind: 'POSTED_FOR_REFUND' }, 'system');
  }
  await recordRefundsMadeAtProcessor(manager, scope, payment, seen.refundedCents);
}
