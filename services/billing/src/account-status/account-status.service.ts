import { randomUUID } from 'node:crypto';
import { localDateOf } from '@platform/core';
import { appendEvent } from '@platform/events';
import type { EntityManager } from 'typeorm';
import { AccountStatusChangeEntity } from './account-status-change.entity';
import { AccountStatusChanged } from './account-status.events';
import { nextStatus, type AccountStatus, type StatusChangeReason } from './account-status.state';
import type { BillingScope } from '../billing-scope';
import { ServiceAccountEntity } from '../accounts/service-account.entity';

/** Locks an account row for a status decision, so two changes (a payment and a staff action) are serialised. */
export function lockAccount(manager: EntityManager, serviceAccountId: string): Promise<ServiceAccountEntity | null> {
  return manager.getRepository(ServiceAccountEntity).findOne({ where: { id: serviceAccountId }, lock: { mode: 'pessimistic_write' } });
}

/**
 * Applies a status change to a locked account and records it with who and
 * when. Returns the new status, or null (and changes nothing) when the
 * change does not apply to the account's current status.
 */
export async function changeAccountStatus(
  manager: EntityManager,
  scope: BillingScope,
  account: ServiceAccountEntity,
  reason: StatusChangeReason,
  actor: string,
  details: {
    /** What staff wrote about a change they made. */
    readonly note?: string | null;
    /** The payment that made the change, when one did (PAID_IN_FULL, PAYMENT_RETURNED). */
    readonly paymentId?: string | null;
  } = {},
): Promise<AccountStatus | null> {
  const to = nextStatus(account.status, reason);
  if (!to) return null;
  const now = scope.clock.now();
  const closedOn = to === 'CLOSED' ? localDateOf(now, scope.tenant.timeZone) : account.closedOn;
  await manager.getRepository(ServiceAccountEntity).update({ id: account.id }, { status: to, closedOn });
  await manager.getRepository(AccountStatusChangeEntity).insert({
    tenantId: scope.tenant.id,
    id: randomUUID(),
    serviceAccountId: account.id,
    fromStatus: account.status,
    toStatus: to,
    reason,
    actor,
    note: details.note ?? null,
    occurredAt: now,
  });
  // Staff screens (restoration requests) follow these live.
  appendEvent(manager, scope.tenant.id, AccountStatusChanged, {
    subjectId: account.id,
    payload: { serviceAccountId: account.id, accountNumber: account.accountNumber, from: account.status, to, reason, actor, paymentId: details.paymentId ?? null },
    occurredAt: now,
  });
  account.status = to;
  account.closedOn = closedOn;
  return to;
}
