import { type TenantContext } from '@platform/api';
import type { Reservation } from '@platform/auth';
import { findPayable, findServiceAccounts, verifyServiceAccountToPay, type AccountStatus } from '@platform/billing';
import { ok, refused, userError, UserErrorCode, type UserError, type Result } from '@platform/core';
import { linkedServiceAccounts } from '@platform/customers';
import { withTenant } from '@platform/db';
import type { CheckedAllocation } from './payment-request';

/**
 * Whose accounts a serviceAccountId may name: the signed-in viewer's linked
 * ones (residents paying), or any account of the city (staff recording money
 * a resident handed over at the counter).
 */
export type AllocationPayer = 'VIEWER' | 'STAFF';

export interface ResolvedAllocation {
  readonly serviceAccountId: string;
  readonly payableId: string | null;
  readonly amountCents: bigint;
  /** The account's number when resolving it read it (a guest's proof), so recording the payment need not read it again. */
  readonly accountNumber?: string;
  /** The account is closed: it takes its final bill, and nothing beyond what it owes, whatever the city's rule on credit. */
  readonly accountClosed?: boolean;
  /** The places a guest's proof of the account holds under billing's found limits, until the payment is made (withFoundPlaces). */
  readonly foundPlaces?: Reservation;
  /** The account is one the signed-in payer linked: paid by their sign-in, a proof no stranger holding the bill has (decline-limits.ts). */
  readonly linkedToPayer?: boolean;
}

/**
 * Turns each allocation into an account (and payable) the payer may pay: a
 * signed-in customer's own linked accounts; for a guest, an account proved
 * the city's way (billing checks and rate-limits the proof); or a payable by
 * the id its rate-limited look-up gave. One allocation per account.
 *
 * A failed proof points at the allocation (["input", "allocations", i]), not
 * at its number or second factor: like billing, it deliberately does not say
 * which part was wrong. A missing or unreadable part is a form error at that
 * part's own path.
 */
export async function resolveAllocations(ctx: TenantContext, allocations: readonly CheckedAllocation[], payer: AllocationPayer = 'VIEWER'): Promise<Result<ResolvedAllocation[]>> {
  const userErrors: UserError[] = [];
  const resolved: ResolvedAllocation[] = [];
  const add = (index: number, allocation: ResolvedAllocation) => {
    // Billing keeps one pending amount per payment and account.
    if (resolved.some((r) => r.serviceAccountId === allocation.serviceAccountId)) {
      userErrors.push(userError(ctx.locale, ['input', 'allocations', index], UserErrorCode.DUPLICATE_ALLOCATION, 'payment.duplicateAllocation'));
    } else resolved.push(allocation);
  };
  const payable = payer === 'STAFF' ? await cityAccounts(ctx, allocations) : await viewerAccounts(ctx);
  for (const allocation of allocations) {
    const { index, amountCents } = allocation;
    const path = ['input', 'allocations', index];
    if (allocation.serviceAccountId !== null) {
      if (!payable.has(allocation.serviceAccountId)) {
        userErrors.push(
          payer === 'STAFF'
            ? userError(ctx.locale, [...path, 'serviceAccountId'], UserErrorCode.ACCOUNT_NOT_FOUND, 'billing.accountNotFound')
            : userError(ctx.locale, [...path, 'serviceAccountId'], UserErrorCode.ACCOUNT_NOT_LINKED, 'payment.accountNotLinked'),
        );
        continue;
      }
      add(index, {
        serviceAccountId: allocation.serviceAccountId,
        payableId: null,
        amountCents,
        accountClosed: payable.get(allocation.serviceAccountId) === 'CLOSED',
        linkedToPayer: payer === 'VIEWER',
      });
    } else if (allocation.payableId !== null) {
      const payableId = allocation.payableId;
      const payable = await withTenant(ctx, (manager) => findPayable(manager, payableId));
      if (!payable) {
        userErrors.push(userError(ctx.locale, [...path, 'payableId'], UserErrorCode.PAYABLE_NOT_FOUND, 'payment.payableNotFound'));
        continue;
      }
      add(index, { serviceAccountId: payable.serviceAccountId, payableId: payable.id, amountCents });
    } else {
      const proof = await verifyServiceAccountToPay(ctx, { accountNumber: allocation.accountNumber ?? '', lastPaymentAmount: allocation.lastPaymentAmount }, ['input']);
      if (!proof.ok) {
        // Billing's paths are into its own proof input ("input", then the part): the same parts sit under this allocation.
        for (const error of proof.userErrors) userErrors.push({ ...error, field: [...path.map(String), ...error.field.slice(1)] });
        continue;
      }
      const { account, foundPlaces } = proof.value;
      add(index, { serviceAccountId: account.id, payableId: null, amountCents, accountNumber: account.accountNumber, accountClosed: account.status === 'CLOSED', foundPlaces });
    }
  }
  return userErrors.length > 0 ? refused(...userErrors) : ok(resolved);
}

/** The signed-in payer's linked accounts, by id, with their status. */
async function viewerAccounts(ctx: TenantContext): Promise<Map<string, AccountStatus>> {
  return new Map(ctx.viewer ? (await linkedServiceAccounts(ctx, ctx.viewer.userId)).map((a) => [a.id, a.status]) : []);
}

/** The city's accounts among those named (row-level security keeps another city's ids out), by id, with their status. */
async function cityAccounts(ctx: TenantContext, allocations: readonly CheckedAllocation[]): Promise<Map<string, AccountStatus>> {
  const ids = allocations.flatMap((a) => (a.serviceAccountId !== null ? [a.serviceAccountId] : []));
  const found = await withTenant(ctx, (manager) => findServiceAccounts(manager, ids));
  return new Map(found.map((a) => [a.id, a.status]));
}
