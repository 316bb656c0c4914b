import { type TenantContext } from '@platform/api';
import { translate, type PayableKind, UserErrorCode, type Result } from '@platform/core';
import { tenantByIdLoader } from '@platform/tenants';
import { referenceKey } from './account-number';
import { amountsOwed } from './amount-owed.service';
import { limitedLookup } from './lookup-limits';
import { PayableEntity } from './payable.entity';
import { ServiceAccountEntity } from './service-account.entity';

export interface PayableLookup {
  readonly payable: PayableEntity;
  readonly account: ServiceAccountEntity;
  /** The total less payments made for this payable (pending or posted, less refunds); never negative. */
  readonly amountDueCents: bigint;
}

/**
 * A guest finds one payable by the city's own number for it, to pay it on
 * its own: a citation, another charge, or one bill. An unknown number is the
 * same generic error as for accounts, and look-ups are rate-limited alike.
 */
export async function lookupPayable(ctx: TenantContext, input: { readonly kind: PayableKind; readonly referenceNumber: string }): Promise<Result<PayableLookup>> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  if (!tenant.settings.paymentRules.payableKinds.includes(input.kind)) {
    return { ok: false, userErrors: [{ field: ['input', 'kind'], code: UserErrorCode.INVALID_KIND, message: translate(ctx.locale, 'billing.kindNotTaken') }] };
  }
  if (input.referenceNumber.trim() === '') {
    return { ok: false, userErrors: [{ field: ['input', 'referenceNumber'], code: UserErrorCode.REQUIRED, message: translate(ctx.locale, 'billing.required') }] };
  }
  const key = referenceKey(input.referenceNumber) ?? input.referenceNumber.trim().toUpperCase();
  const found = await limitedLookup(ctx, { action: 'lookupPayable', factorOf: null, revealsAccount: true, failureKind: 'LOOKUP_FAILED' }, async (manager) => {
    const payable = await manager.getRepository(PayableEntity).findOneBy({ kind: input.kind, referenceKey: key });
    if (!payable) return null;
    const account = await manager.getRepository(ServiceAccountEntity).findOneByOrFail({ id: payable.serviceAccountId });
    const owed = await amountsOwed(manager, ctx, { payableIds: [payable.id], serviceAccountIds: [] }, { lock: false });
    return { payable, account, amountDueCents: owed.payables.get(payable.id)?.owedCents ?? 0n };
  });
  if (found) return { ok: true, value: found };
  return { ok: false, userErrors: [{ field: [], code: UserErrorCode.VERIFICATION_FAILED, message: translate(ctx.locale, 'billing.payableNotFound') }] };
}
