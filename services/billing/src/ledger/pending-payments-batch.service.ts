import type { EntityManager } from 'typeorm';
import type { BillingScope } from '../billing-scope';
import { reviewRestorations, type PendingPaymentInput } from './payment-ledger.service';

/**
 * recordPendingPayment for many payments at once (an autopay page), in the
 * caller's transaction, with a statement count that does not grow with the
 * batch: the payables' and then the accounts' locks in one order each (the
 * order recordPendingPayment and amountsOwed take them in), every allocation
 * in one insert, and the restoration review only for the few accounts it can
 * concern (disconnected, or with a restoration request open). Safe to call
 * twice with the same payments, like the single one.
 */
export async function recordPendingPayments(manager: EntityManager, scope: BillingScope, inputs: readonly PendingPaymentInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const allocations = inputs.flatMap((input) => {
    if (input.allocations.length === 0) throw new RangeError('a payment needs at least one allocation');
    return input.allocations.map((allocation) => {
      if (allocation.amountCents <= 0n) throw new RangeError('allocation amounts must be positive');
      return { ...allocation, input };
    });
  });
  const payableIds = [...new Set(allocations.flatMap((a) => (a.payableId ? [a.payableId] : [])))].sort();
  if (payableIds.length > 0) await manager.query('SELECT id FROM payables WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [payableIds]);
  const accounts = await manager.query<{ id: string; status: string }[]>('SELECT id, status FROM service_accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [
    [...new Set(allocations.map((a) => a.serviceAccountId))].sort(),
  ]);
  await manager.query(
    `INSERT INTO payment_allocations (tenant_id, payment_id, service_account_id, payable_id, amount_cents, status, made_at, expected_posting_date, settled_at)
     SELECT $1, a.payment_id, a.account, a.payable_id, a.amount, 'PENDING', a.made_at, a.posting_date, NULL
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::bigint[], $6::timestamptz[], $7::date[]) AS a(payment_id, account, payable_id, amount, made_at, posting_date)
     ON CONFLICT DO NOTHING`,
    [
      scope.tenant.id,
      allocations.map((a) => a.input.paymentId),
      allocations.map((a) => a.serviceAccountId),
      allocations.map((a) => a.payableId ?? null),
      allocations.map((a) => a.amountCents.toString()),
      allocations.map((a) => a.input.madeAt),
      allocations.map((a) => a.input.expectedPostingDate),
    ],
  );
  // Only these statuses have a restoration to open or withdraw; the rest (nearly every account) need no balance read.
  const reviewed = new Set(accounts.filter((a) => a.status === 'DISCONNECTED' || a.status === 'RESTORATION_PENDING').map((a) => a.id));
  for (const allocation of allocations) {
    if (reviewed.has(allocation.serviceAccountId)) await reviewRestorations(manager, scope, [allocation.serviceAccountId], { paymentId: allocation.input.paymentId, posted: false, givenBack: false });
  }
}
