import { type TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { findServiceAccounts, verifyServiceAccount, type AccountProof, type ServiceAccountEntity } from '@platform/billing';
import { translate, UserErrorCode, type UserError, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { AccountLinkEntity } from './account-link.entity';

/** Enough for a household paying several properties; more looks like harvesting. */
export const MAX_LINKED_ACCOUNTS = 25;

/**
 * Links a service account to the signed-in user once they prove they hold it
 * with the number and the city's link proof (tenant.accountLinking): a link
 * shows the holder's name and address, so the number alone never does it.
 * Billing checks the proof, rate-limits it and logs a failure. Linking an
 * account already linked is a success, not an error.
 */
export async function linkServiceAccount(ctx: TenantContext, proof: AccountProof): Promise<Result<ServiceAccountEntity>> {
  const userId = viewerId(ctx);
  const verified = await verifyServiceAccount(ctx, proof, 'LINK');
  if (!verified.ok) return { ok: false, userErrors: verified.userErrors.map(fromBillingError) };
  const account = verified.value;
  return withTenant(ctx, async (manager) => {
    const links = manager.getRepository(AccountLinkEntity);
    if (await links.existsBy({ userId, serviceAccountId: account.id })) return { ok: true as const, value: account };
    // Serialise this user's links so two at once cannot pass the cap together.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`account-links:${userId}`]);
    if ((await links.countBy({ userId })) >= MAX_LINKED_ACCOUNTS) {
      return { ok: false as const, userErrors: [{ field: [], code: UserErrorCode.TOO_MANY_LINKED_ACCOUNTS, message: translate(ctx.locale, 'customer.tooManyLinkedAccounts', { max: MAX_LINKED_ACCOUNTS }) }] };
    }
    await links.createQueryBuilder().insert().values({ tenantId: ctx.tenant.id, userId, serviceAccountId: account.id, linkedAt: ctx.clock.now() }).orIgnore().execute();
    await recordSecurityEvent(manager, ctx, { kind: 'ACCOUNT_LINKED', userId, detail: { serviceAccountId: account.id } });
    return { ok: true as const, value: account };
  });
}

export async function unlinkServiceAccount(ctx: TenantContext, serviceAccountId: string): Promise<Result<true>> {
  const userId = viewerId(ctx);
  return withTenant(ctx, async (manager) => {
    const removed = await manager.getRepository(AccountLinkEntity).delete({ userId, serviceAccountId });
    if (!removed.affected) {
      return { ok: false as const, userErrors: [{ field: ['serviceAccountId'], code: UserErrorCode.ACCOUNT_NOT_LINKED, message: translate(ctx.locale, 'customer.notLinked') }] };
    }
    await recordSecurityEvent(manager, ctx, { kind: 'ACCOUNT_UNLINKED', userId, detail: { serviceAccountId } });
    return { ok: true as const, value: true as const };
  });
}

/** The accounts a user has linked, in account-number order. */
export async function linkedServiceAccounts(ctx: TenantContext, userId: string): Promise<ServiceAccountEntity[]> {
  return withTenant(ctx, async (manager) => {
    const links = await manager.getRepository(AccountLinkEntity).findBy({ userId });
    return findServiceAccounts(manager, links.map((link) => link.serviceAccountId));
  });
}

function viewerId(ctx: TenantContext): string {
  if (!ctx.viewer) throw new Error('account links need a signed-in user');
  return ctx.viewer.userId;
}

const BILLING_CODES: Record<string, UserErrorCode> = {
  REQUIRED: UserErrorCode.REQUIRED,
  INVALID_AMOUNT: UserErrorCode.INVALID_AMOUNT,
  VERIFICATION_FAILED: UserErrorCode.VERIFICATION_FAILED,
};

/** Billing's verdict on the proof, in this service's error codes (the message, already translated, is kept). */
function fromBillingError(error: { field: readonly string[]; code: string; message: string }): UserError {
  return { field: [...error.field], code: BILLING_CODES[error.code] ?? UserErrorCode.VERIFICATION_FAILED, message: error.message };
}

/** Which of these (user, account) pairs are linked, in the caller's tenant transaction (jobs): as "userId/serviceAccountId". */
export async function linkedPairs(manager: EntityManager, pairs: readonly { readonly userId: string; readonly serviceAccountId: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await manager.query<{ user_id: string; service_account_id: string }[]>(
    'SELECT l.user_id, l.service_account_id FROM account_links l JOIN unnest($1::uuid[], $2::uuid[]) AS p(user_id, account) ON l.user_id = p.user_id AND l.service_account_id = p.account',
    [pairs.map((p) => p.userId), pairs.map((p) => p.serviceAccountId)],
  );
  return new Set(rows.map((row) => `${row.user_id}/${row.service_account_id}`));
}
