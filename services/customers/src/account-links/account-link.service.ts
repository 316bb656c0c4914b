import type { TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { verifyServiceAccount, type AccountProof, type ServiceAccountEntity } from '@platform/billing';
import { ok, refused, userError, UserErrorCode, type Result, type UserError } from '@platform/core';
import { lockForTransaction, withTenant } from '@platform/db';
import { AccountLinkEntity } from './account-link.entity';

/** Enough for a household paying several properties; more looks like harvesting. */
const MAX_LINKED_ACCOUNTS = 25;

/**
 * Links a service account to the signed-in user once they prove they hold it
 * with the number and the city's link proof (tenant.accountLinking): a link
 * shows the holder's name and address, so the number alone never does it.
 * Billing checks the proof, rate-limits it and logs a failure. Linking an
 * account already linked is a success, not an error.
 *
 * A missing or unreadable proof field is reported at that field. A proof
 * that does not match is one VERIFICATION_FAILED at ["input"], never at the
 * number or the proof field: saying which part was wrong would tell a
 * guesser that the other part was right. Too many links is at ["input"] too:
 * no field of this request is wrong.
 */
export async function linkServiceAccount(ctx: TenantContext, proof: AccountProof): Promise<Result<ServiceAccountEntity>> {
  const userId = viewerId(ctx);
  const verified = await verifyServiceAccount(ctx, proof, 'LINK');
  if (!verified.ok) return refused(...verified.userErrors.map(atLinkInput));
  const account = verified.value;
  return withTenant(ctx, async (manager) => {
    const links = manager.getRepository(AccountLinkEntity);
    // Serialise this user's links so two at once cannot pass the cap together, and the same one twice (a double
    // click) links once: the second finds the first's link, answers as done, and records nothing more.
    await lockForTransaction(manager, `account-links:${userId}`);
    if (await links.existsBy({ userId, serviceAccountId: account.id })) return ok(account);
    if ((await links.countBy({ userId })) >= MAX_LINKED_ACCOUNTS) {
      return refused(userError(ctx.locale, ['input'], UserErrorCode.TOO_MANY_LINKED_ACCOUNTS, 'customer.tooManyLinkedAccounts', { max: MAX_LINKED_ACCOUNTS }));
    }
    await links.createQueryBuilder().insert().values({ tenantId: ctx.tenant.id, userId, serviceAccountId: account.id, linkedAt: ctx.clock.now() }).orIgnore().execute();
    await recordSecurityEvent(manager, ctx, { kind: 'ACCOUNT_LINKED', userId, detail: { serviceAccountId: account.id } });
    return ok(account);
  });
}

export async function unlinkServiceAccount(ctx: TenantContext, serviceAccountId: string): Promise<Result<true>> {
  const userId = viewerId(ctx);
  return withTenant(ctx, async (manager) => {
    const removed = await manager.getRepository(AccountLinkEntity).delete({ userId, serviceAccountId });
    if (!removed.affected) return refused(userError(ctx.locale, ['serviceAccountId'], UserErrorCode.ACCOUNT_NOT_LINKED, 'customer.notLinked'));
    await recordSecurityEvent(manager, ctx, { kind: 'ACCOUNT_UNLINKED', userId, detail: { serviceAccountId } });
    return ok(true);
  });
}

function viewerId(ctx: TenantContext): string {
  if (!ctx.viewer) throw new Error('account links need a signed-in user');
  return ctx.viewer.userId;
}

/** Billing's verdict, placed in linkServiceAccount's arguments: form errors keep their field, a failed proof is at ["input"] (see above). */
function atLinkInput(error: UserError): UserError {
  return error.code === UserErrorCode.VERIFICATION_FAILED ? { ...error, field: ['input'] } : error;
}
