import type { TenantContext } from '@platform/api';
import { translate, type PayableKind } from '@platform/core';
import { tenantByIdLoader } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { referenceKey } from './account-number';
import { BillingErrorCode, type BillingResult } from './billing.errors';
import { limitedLookup } from './lookup-limits';
import { PayableEntity } from './payable.entity';
import { ServiceAccountEntity } from './service-account.entity';

export interface PayableLookup {
  readonly payable: PayableEntity;
  readonly account: ServiceAccountEntity;
  /** The total less payments made for this payable (pending or posted); never negative. */
  readonly amountDueCents: bigint;
}

/**
 * A guest finds one payable by the city's own number for it, to pay it on
 * its own: a citation, another charge, or one bill. An unknown number is the
 * same generic error as for accounts, and look-ups are rate-limited alike.
 */
export async function lookupPayable(ctx: TenantContext, input: { readonly kind: PayableKind; readonly referenceNumber: string }): Promise<BillingResult<PayableLookup>> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  if (!tenant.settings.paymentRules.payableKinds.includes(input.kind)) {
    return { ok: false, userErrors: [{ field: ['input', 'kind'], code: BillingErrorCode.INVALID_KIND, message: translate(ctx.locale, 'billing.kindNotTaken') }] };
  }
  if (input.referenceNumber.trim() === '') {
    return { ok: false, userErrors: [{ field: ['input', 'referenceNumber'], code: BillingErrorCode.REQUIRED, message: translate(ctx.locale, 'billing.required') }] };
  }
  const key = referenceKey(input.referenceNumber) ?? input.referenceNumber.trim().toUpperCase();
  const found = await limitedLookup(ctx, { action: 'lookupPayable', factorOf: null, revealsAccount: true, failureKind: 'LOOKUP_FAILED' }, async (manager) => {
    const payable = await manager.getRepository(PayableEntity).findOneBy({ kind: input.kind, referenceKey: key });
    if (!payable) return null;
    const account = await manager.getRepository(ServiceAccountEntity).findOneByOrFail({ id: payable.serviceAccountId });
    return { payable, account, amountDueCents: await amountDueOn(manager, payable) };
  });
  if (found) return { ok: true, value: found };
  return { ok: false, userErrors: [{ field: [], code: BillingErrorCode.VERIFICATION_FAILED, message: translate(ctx.locale, 'billing.payableNotFound') }] };
}

async function amountDueOn(manager: EntityManager, payable: PayableEntity): Promise<bigint> {
  const [row] = await manager.query<{ paid: string }[]>(
    `SELECT coalesce(sum(amount_cents), 0)::text AS paid FROM payment_allocations WHERE payable_id = $1 AND status IN ('PENDING', 'POSTED')`,
    [payable.id],
  );
  const due = payable.totalCents - BigInt(row?.paid ?? '0');
  return due > 0n ? due : 0n;
}
