import type { TenantContext } from '@platform/api';
import { giveBackAttempts, recordSecurityEvent, reserveAttempts, type RateLimitRule } from '@platform/auth';
import { verifyServiceAccount, type AccountProof, type ServiceAccountEntity } from '@platform/billing';
import { DomainError, ErrorCode, ok, refused, userError, UserErrorCode, type Result, type UserError } from '@platform/core';
import { lockForTransaction, withTenant } from '@platform/db';
import { AccountLinkEntity } from './account-link.entity';
import { accountsLetGo, type AccountUnlinked } from './account-unlinked';

/** Enough for a household paying several properties; more looks like harvesting. */
const MAX_LINKED_ACCOUNTS = 25;

/**
 * Links made, not only held: a link shows its holder in full, and unlinking
 * makes room for the next, so a script could link, read, unlink and move on.
 * A day's links are as many as one may hold, which a household (or a
 * landlord) linking its accounts never reaches.
 */
export const LINKS_MADE_PER_USER: RateLimitRule = { name: 'account-links-made-user', limit: MAX_LINKED_ACCOUNTS, windowSeconds: 24 * 60 * 60, reason: 'ACCOUNT_LINKS' };

/**
 * Links a service account to the signed-in user once they prove they hold it
 * with the number and the city's link proof (tenant.accountLinking): a link
 * shows the holder's name and address, so the number alone never does it.
 * Billing checks the proof, rate-limits it and logs a failure. Linking an
 * account already linked is a success, not an error.
 *
 * A closed account is never linked anew (billing does not prove it for a
 * link): the one who knows its number and second factor after a move is
 * likelier the next occupant, reading the mail at that address, than the
 * holder, and the link would show them her name and history. It is refused
 * as a proof that does not match, and counted as one, so a guesser learns
 * nothing of the account's status; its holder asking again for a link she
 * already holds is told the same. Links made while it was open stay: the
 * former resident keeps her history and pays the final bill. Linking one
 * for a former resident afterwards would take a staff action (there is none).
 *
 * A missing or unreadable proof field is reported at that field. A proof
 * that does not match is one VERIFICATION_FAILED at ["input"], never at the
 * number or the proof field: saying which part was wrong would tell a
 * guesser that the other part was right. Too many links held is at
 * ["input"] too: no field of this request is wrong. Too many links made in a
 * day is RATE_LIMITED, with nothing checked: the place is taken before the
 * proof, and given back unless a link is made.
 */
export async function linkServiceAccount(ctx: TenantContext, proof: AccountProof): Promise<Result<ServiceAccountEntity>> {
  const userId = viewerId(ctx);
  const reservation = await reserveAttempts(ctx, 'linkServiceAccount', [[LINKS_MADE_PER_USER, userId]]);
  const giveBack = () => withTenant(ctx, (manager) => giveBackAttempts(manager, reservation), { waitForFlush: false });
  let verified: Result<ServiceAccountEntity>;
  try {
    verified = await verifyServiceAccount(ctx, proof, 'LINK');
  } catch (error) {
    // Another limit refused the proof: nothing was looked up. Any other failure stays counted, erring on the limit's side.
    if (error instanceof DomainError && error.code === ErrorCode.RATE_LIMITED) await giveBack();
    throw error;
  }
  if (!verified.ok) {
    await giveBack();
    return refused(...verified.userErrors.map(atLinkInput));
  }
  const account = verified.value;
  return withTenant(ctx, async (manager) => {
    const links = manager.getRepository(AccountLinkEntity);
    // Serialise this user's links so two at once cannot pass the cap together, and the same one twice (a double
    // click) links once: the second finds the first's link, answers as done, and records nothing more.
    await lockForTransaction(manager, `account-links:${userId}`);
    if (await links.existsBy({ userId, serviceAccountId: account.id })) {
      await giveBackAttempts(manager, reservation);
      return ok(account);
    }
    if ((await links.countBy({ userId })) >= MAX_LINKED_ACCOUNTS) {
      await giveBackAttempts(manager, reservation);
      return refused(userError(ctx.locale, ['input'], UserErrorCode.TOO_MANY_LINKED_ACCOUNTS, 'customer.tooManyLinkedAccounts', { max: MAX_LINKED_ACCOUNTS }));
    }
    await links.createQueryBuilder().insert().values({ tenantId: ctx.tenant.id, userId, serviceAccountId: account.id, linkedAt: ctx.clock.now() }).orIgnore().execute();
    await recordSecurityEvent(manager, ctx, { kind: 'ACCOUNT_LINKED', userId, detail: { serviceAccountId: account.id } });
    return ok(account);
  });
}

/**
 * Unlinks an account from the signed-in user. What they were still to be
 * told of it as its holder goes with the link, in the same transaction, and so does their paperless
 * choice on it (accountsLetGo).
 */
export async function unlinkServiceAccount(ctx: TenantContext, serviceAccountId: string, accountUnlinked: AccountUnlinked): Promise<Result<true>> {
  const userId = viewerId(ctx);
  return withTenant(ctx, async (manager) => {
    const removed = await manager.getRepository(AccountLinkEntity).delete({ userId, serviceAccountId });
    if (!removed.affected) return refused(userError(ctx.locale, ['serviceAccountId'], UserErrorCode.ACCOUNT_NOT_LINKED, 'customer.notLinked'));
    await recordSecurityEvent(manager, ctx, { kind: 'ACCOUNT_UNLINKED', userId, detail: { serviceAccountId } });
    await accountsLetGo(ctx, manager, userId, [serviceAccountId], accountUnlinked);
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
