import type { TenantContext } from '@platform/api';
import { parseMoney, translate } from '@platform/core';
import { tenantByIdLoader } from '@platform/tenants';
import { referenceKey } from './account-number';
import { BillingErrorCode, type BillingResult } from './billing.errors';
import { lastPostedPaymentCents } from './ledger.service';
import { limitedLookup } from './lookup-limits';
import { ServiceAccountEntity } from './service-account.entity';

export interface AccountProof {
  readonly accountNumber: string;
  /** Required where the city verifies with the last payment amount, e.g. "84.20"; "0.00" for an account never paid. */
  readonly lastPaymentAmount?: string | null;
}

/**
 * Whether the caller has proved they hold an account, the city's way: the
 * account number alone (Norwalk) or with the last payment amount (Norman).
 * An unknown number and a wrong amount fail alike, so a guess learns nothing
 * about which part was wrong. Used by the guest look-up and by linking.
 */
export async function verifyServiceAccount(ctx: TenantContext, proof: AccountProof): Promise<BillingResult<ServiceAccountEntity>> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  const needsAmount = tenant.settings.paymentRules.verificationMode === 'ACCOUNT_NUMBER_AND_LAST_PAYMENT';
  const required = (field: string) => ({ field: ['input', field], code: BillingErrorCode.REQUIRED, message: translate(ctx.locale, 'billing.required') });

  const missing = [
    ...(proof.accountNumber.trim() === '' ? [required('accountNumber')] : []),
    ...(needsAmount && !proof.lastPaymentAmount?.trim() ? [required('lastPaymentAmount')] : []),
  ];
  if (missing.length > 0) return { ok: false, userErrors: missing };
  const amount = needsAmount ? parseMoney(proof.lastPaymentAmount ?? '') : null;
  if (amount && !amount.ok) {
    return { ok: false, userErrors: [{ field: ['input', 'lastPaymentAmount'], code: BillingErrorCode.INVALID_AMOUNT, message: translate(ctx.locale, 'billing.invalidAmount') }] };
  }

  const key = referenceKey(proof.accountNumber) ?? proof.accountNumber.trim().toUpperCase();
  const account = await limitedLookup(ctx, key, async (manager) => {
    const found = await manager.getRepository(ServiceAccountEntity).findOneBy({ accountKey: key });
    if (!found || !amount) return found;
    const lastPayment = (await lastPostedPaymentCents(manager, found.id)) ?? 0n;
    return amount.ok && lastPayment === amount.value.cents ? found : null;
  });
  if (account) return { ok: true, value: account };
  const message = translate(ctx.locale, needsAmount ? 'billing.verificationFailedWithAmount' : 'billing.verificationFailed');
  return { ok: false, userErrors: [{ field: [], code: BillingErrorCode.VERIFICATION_FAILED, message }] };
}
