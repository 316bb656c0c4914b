import { type TenantContext } from '@platform/api';
import { findPayable, verifyServiceAccount } from '@platform/billing';
import { translate, UserErrorCode, type UserError, type Result } from '@platform/core';
import { linkedServiceAccounts } from '@platform/customers';
import { withTenant } from '@platform/db';
import type { CheckedAllocation } from './payment-request';

/** Billing's verdict on a guest's proof, in this service's codes (billing's message, already translated, is kept). */
const FROM_BILLING: Partial<Record<UserErrorCode, UserErrorCode>> = {
  [UserErrorCode.REQUIRED]: UserErrorCode.REQUIRED,
  [UserErrorCode.INVALID_AMOUNT]: UserErrorCode.INVALID_AMOUNT,
  [UserErrorCode.VERIFICATION_FAILED]: UserErrorCode.VERIFICATION_FAILED,
};

export interface ResolvedAllocation {
  readonly serviceAccountId: string;
  readonly payableId: string | null;
  readonly amountCents: bigint;
}

/**
 * Turns each allocation into an account (and payable) the payer may pay: a
 * signed-in customer's own linked accounts; for a guest, an account proved
 * the city's way (billing checks and rate-limits the proof); or a payable by
 * the id its rate-limited look-up gave. One allocation per account.
 */
export async function resolveAllocations(ctx: TenantContext, allocations: readonly CheckedAllocation[]): Promise<Result<ResolvedAllocation[]>> {
  const userErrors: UserError[] = [];
  const resolved: ResolvedAllocation[] = [];
  const add = (index: number, allocation: ResolvedAllocation) => {
    // Billing keeps one pending amount per payment and account.
    if (resolved.some((r) => r.serviceAccountId === allocation.serviceAccountId)) {
      userErrors.push({ field: ['input', 'allocations', String(index)], code: UserErrorCode.DUPLICATE_ALLOCATION, message: translate(ctx.locale, 'payment.duplicateAllocation') });
    } else resolved.push(allocation);
  };
  const linked = ctx.viewer ? new Set((await linkedServiceAccounts(ctx, ctx.viewer.userId)).map((a) => a.id)) : new Set<string>();
  for (const { index, request, amountCents } of allocations) {
    const path = ['input', 'allocations', String(index)];
    if (request.serviceAccountId) {
      if (!linked.has(request.serviceAccountId)) {
        userErrors.push({ field: [...path, 'serviceAccountId'], code: UserErrorCode.ACCOUNT_NOT_LINKED, message: translate(ctx.locale, 'payment.accountNotLinked') });
        continue;
      }
      add(index, { serviceAccountId: request.serviceAccountId, payableId: null, amountCents });
    } else if (request.payableId) {
      const payableId = request.payableId;
      const payable = /^[0-9a-f-]{36}$/i.test(payableId) ? await withTenant(ctx, (manager) => findPayable(manager, payableId)) : null;
      if (!payable) {
        userErrors.push({ field: [...path, 'payableId'], code: UserErrorCode.PAYABLE_NOT_FOUND, message: translate(ctx.locale, 'payment.payableNotFound') });
        continue;
      }
      add(index, { serviceAccountId: payable.serviceAccountId, payableId: payable.id, amountCents });
    } else {
      const proof = await verifyServiceAccount(ctx, { accountNumber: request.accountNumber ?? '', lastPaymentAmount: request.lastPaymentAmount }, 'PAYMENT');
      if (!proof.ok) {
        for (const error of proof.userErrors) {
          userErrors.push({ field: [...path, ...error.field.slice(1)], code: FROM_BILLING[error.code] ?? UserErrorCode.VERIFICATION_FAILED, message: error.message });
        }
        continue;
      }
      add(index, { serviceAccountId: proof.value.id, payableId: null, amountCents });
    }
  }
  return userErrors.length > 0 ? { ok: false, userErrors } : { ok: true, value: resolved };
}
