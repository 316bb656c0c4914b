import { postPayment } from '@platform/billing';
import { localDateOf, type Clock, type RecordedMethodKind } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { forEachCity, toTenantRef } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { eachIndependently } from '@platform/api';
import type { PaymentScope } from '../payment-scope';
import { lockPayment, movePayment } from '../payment/payment-transition.service';
import { PaymentEntity } from '../payment/payment.entity';
import type { TransitionReason } from '../payment/transition-reason';
import { findOpenVoid, noOpenVoid, recordRefundsMadeAtProcessor } from '../refunds-and-voids/payment-operation.service';
import { finishDashboardVoid } from '../refunds-and-voids/payment-reversal.service';

/**
 * Posts every charged payment whose posting day has come (city time) to the
 * accounts' ledgers. Idempotent: a payment posts once, whatever the retries.
 */
export function runPostingJob(processor: PaymentProcessor) {
  return async (db: DataSource, clock: Clock, log: Logger): Promise<void> => {
    await forEachCity(db, log, async (tenant) => {
      const posted = await postDuePayments({ db, tenant: toTenantRef(tenant), clock }, processor, log);
      if (posted > 0) log.info({ tenant: tenant.slug, posted }, 'payments posted');
    });
  };
}

interface DuePayment {
  readonly id: string;
  readonly methodKind: RecordedMethodKind;
  readonly chargeId: string | null;
}

export async function postDuePayments(scope: PaymentScope, processor: PaymentProcessor, log: Logger): Promise<number> {
  const today = localDateOf(scope.clock.now(), scope.tenant.timeZone);
  const due = await withTenant(scope, (manager) =>
    manager
      .getRepository(PaymentEntity)
      .createQueryBuilder('p')
      .select(['p.id AS id', 'p.method_kind AS "methodKind"', 'p.processor_charge_id AS "chargeId"'])
      .where(`p.status IN ('CAPTURED', 'AUTHORIZED') AND p.expected_posting_date <= :today`, { today })
      // A void with the processor holds the payment back until its answer is known.
      .andWhere(noOpenVoid('p.id'))
      .orderBy('p.made_at', 'ASC')
      .getRawMany<DuePayment>(),
  );
  const standings = await standingsOf(processor, due);
  let posted = 0;
  await eachIndependently(
    due,
    log,
    ({ id }) => ({ paymentId: id }),
    async (candidate) => {
      const standing = standings.get(candidate.id);
      if (standing?.kind === 'UNCONFIRMED') {
        log.warn({ paymentId: candidate.id }, 'the processor could not say whether the card charge stands: posted on a later run');
        return;
      }
      if (standing?.kind === 'UNKNOWN_TO_PROCESSOR') {
        // Not a moment's outage: held until someone finds out why the processor does not know a charge it answered.
        log.error({ paymentId: candidate.id, chargeId: candidate.chargeId }, 'the processor refused to look up the card charge of a captured payment: not posted');
        return;
      }
      const moved = await withTenant(scope, async (manager) => {
        const payment = await lockPayment(manager, candidate.id);
        if (!payment || (payment.status !== 'CAPTURED' && payment.status !== 'AUTHORIZED') || (await findOpenVoid(manager, payment.id))) return false;
        if (standing?.kind === 'VOIDED') {
          await finishDashboardVoid(manager, scope, payment, standing.voidedAt);
          return false;
        }
        await postLocked(manager, scope, payment, 'system', { kind: 'POSTING_DAY' });
        // Part or all of it given back in the processor's dashboard since it was taken: posted, and given back as it was.
        if (standing?.kind === 'STANDS' && standing.refundedCents > 0n) await recordRefundsMadeAtProcessor(manager, scope, payment, standing.refundedCents);
        return true;
      });
      if (moved) posted++;
    },
  );
  return posted;
}

/**
 * STANDS, with what the processor has refunded of it (0 for a charge it was not asked about); UNCONFIRMED: no
 * answer now (asked again next run); UNKNOWN_TO_PROCESSOR: a refusal to look the charge up.
 */
type Standing = { readonly kind: 'STANDS'; readonly refundedCents: bigint } | { readonly kind: 'VOIDED'; readonly voidedAt: Date | null } | { readonly kind: 'UNCONFIRMED' | 'UNKNOWN_TO_PROCESSOR' };

/** Charges asked after at once: one after another, a big city's day of card payments would keep the hourly job past its hour. */
const LOOKUPS_AT_ONCE = 16;

async function standingsOf(processor: PaymentProcessor, due: readonly DuePayment[]): Promise<Map<string, Standing>> {
  const standings = new Map<string, Standing>();
  for (let start = 0; start < due.length; start += LOOKUPS_AT_ONCE) {
    const page = due.slice(start, start + LOOKUPS_AT_ONCE);
    const answers = await Promise.all(page.map((payment) => chargeStanding(processor, payment)));
    page.forEach((payment, index) => standings.set(payment.id, answers[index]!));
  }
  return standings;
}

/**
 * Whether a card charge still stands at the processor, and how much of it
 * the processor has refunded. Staff can void one in the processor's own
 * dashboard on its day, or refund some of it there, which the platform is not
 * told of: posting it as it was would credit the account with money that
 * never moved, or that went back, so the processor is asked once, as the
 * payment posts. (E-checks are followed until their bank settles them, and
 * daily for a while after, by the settlement job.)
 */
async function chargeStanding(processor: PaymentProcessor, payment: DuePayment): Promise<Standing> {
  if (payment.methodKind !== 'CARD' || payment.chargeId === null) return { kind: 'STANDS', refundedCents: 0n };
  const charge = await processor.getCharge(payment.chargeId);
  if (charge.outcome === 'UNKNOWN') return { kind: 'UNCONFIRMED' };
  if (charge.outcome !== 'OK') return { kind: 'UNKNOWN_TO_PROCESSOR' };
  return charge.value.status === 'VOIDED' ? { kind: 'VOIDED', voidedAt: charge.value.voidedAt } : { kind: 'STANDS', refundedCents: charge.value.refundedCents };
}

/**
 * Posts a locked, charged payment to the ledger now (the posting job, or a
 * refund that cannot wait). An e-check its bank has not settled yet posts as
 * awaiting it: billing restores no service on it until the settlement job
 * says the bank settled it (paymentCleared).
 */
export async function postLocked(
  manager: Parameters<typeof postPayment>[0],
  scope: PaymentScope,
  payment: PaymentEntity,
  actor: string,
  reason: TransitionReason,
  /** Who the ledger says took the money in, when not the actor (billing's four eyes counts staff by it). */
  tookTheMoney: string = actor,
): Promise<void> {
  await postPayment(manager, scope, payment.id, tookTheMoney, { awaitingBank: payment.methodKind === 'BANK_ACCOUNT' && payment.settledAt === null });
  await movePayment(manager, scope, payment, { to: 'POSTED', actor, reason, changes: { postedAt: scope.clock.now() } });
}
