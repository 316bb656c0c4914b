import type { Clock } from '@platform/core';
import { withTenant } from '@platform/db';
import { forEachCity, toTenantRef } from '@platform/tenants';
import type { Logger } from 'pino';
import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import { PaymentEntity } from '../payment/payment.entity';
import { GivingBackApprovalEntity } from './giving-back-approval.entity';
import { approvalExpiresAt, expireApproval } from './giving-back-approval.service';

/**
 * Hourly: in each city, under its row-level security, the refunds and voids that have awaited approval longer than
 * its paymentRules.approvalExpiryDays are marked EXPIRED (nothing is sent), so the ADMIN's queue holds only what may
 * still be decided. Run twice, the second finds nothing: only AWAITING rows are taken, each under its row lock. One a
 * decision holds is skipped: that decision finds it expired itself (lockApprovalForDecision).
 */
export async function expireApprovals(db: DataSource, clock: Clock, log: Logger): Promise<void> {
  await forEachCity(db, log, async (tenant) => {
    const expired = await expireCityApprovals({ db, tenant: toTenantRef(tenant), clock }, tenant.settings.paymentRules.approvalExpiryDays);
    if (expired > 0) log.info({ tenant: tenant.slug, expired }, 'approvals expired');
  });
}

/** Expires the city's approvals awaiting past `expiryDays`; how many. */
function expireCityApprovals(scope: PaymentScope, expiryDays: number): Promise<number> {
  // Made at or before this, a request has waited its whole time.
  const madeBy = approvalExpiresAt(scope.clock.now(), -expiryDays);
  return withTenant(scope, async (manager) => {
    const due = await manager.getRepository(GivingBackApprovalEntity).find({
      where: { status: 'AWAITING', createdAt: LessThanOrEqual(madeBy) },
      order: { seq: 'ASC' },
      lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
    });
    if (due.length === 0) return 0;
    const payments = await manager.getRepository(PaymentEntity).find({ select: { id: true, confirmationNumber: true }, where: { id: In(due.map((a) => a.paymentId)) } });
    const numbers = new Map(payments.map((p) => [p.id, p.confirmationNumber]));
    const audit = { ...scope, clientIp: 'system', viewer: null, operator: false };
    for (const approval of due) await expireApproval(manager, audit, approval, { confirmationNumber: numbers.get(approval.paymentId)! });
    return due.length;
  });
}
