import type { TenantContext } from '@platform/api';
import { checkRateLimit, longestWait, rateLimitedError, recordAttempt, type RateLimitRule } from '@platform/auth';
import { parseMoney, translate } from '@platform/core';
import { withTenant } from '@platform/db';
import { tenantByIdLoader } from '@platform/tenants';
import { referenceKey } from './account-number';
import { BillingErrorCode, type BillingResult } from './billing.errors';
import { lastPostedPaymentCents } from './ledger.service';
import { ServiceAccountEntity } from './service-account.entity';

/*
 * Failed proofs of an account are limited per client address (one person
 * trying many numbers) and per account (many people guessing one account's
 * last payment). Only failures count.
 */
export const VERIFY_FAILURES_PER_IP: RateLimitRule = { name: 'account-verify-ip', limit: 20, windowSeconds: 15 * 60 };
export const VERIFY_FAILURES_PER_ACCOUNT: RateLimitRule = { name: 'account-verify-account', limit: 5, windowSeconds: 15 * 60 };

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
  const limits = [
    [VERIFY_FAILURES_PER_IP, ctx.clientIp],
    [VERIFY_FAILURES_PER_ACCOUNT, key],
  ] as const;
  const now = ctx.clock.now();
  const blocked = longestWait(await withTenant(ctx, (manager) => Promise.all(limits.map(([rule, subject]) => checkRateLimit(manager, rule, subject, now)))));
  if (blocked !== null) throw rateLimitedError(ctx.locale, blocked);

  return withTenant(ctx, async (manager) => {
    const account = await manager.getRepository(ServiceAccountEntity).findOneBy({ accountKey: key });
    const lastPayment = account && amount?.ok ? ((await lastPostedPaymentCents(manager, account.id)) ?? 0n) : null;
    const proved = account !== null && (amount === null || (amount.ok && lastPayment === amount.value.cents));
    if (proved) return { ok: true as const, value: account };
    for (const [rule, subject] of limits) await recordAttempt(manager, ctx.tenant.id, rule, subject, now);
    return {
      ok: false as const,
      userErrors: [
        {
          field: [],
          code: BillingErrorCode.VERIFICATION_FAILED,
          message: translate(ctx.locale, needsAmount ? 'billing.verificationFailedWithAmount' : 'billing.verificationFailed'),
        },
      ],
    };
  });
}
