import type { TenantContext } from '@platform/api';
import { createOpaqueToken, giveBackAttempts, hashOpaqueToken, recordSecurityEvent, reserveAttempts } from '@platform/auth';
import { offeredLocale, ok, refused, userError, UserErrorCode, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import { enqueueNotification, redirectPendingEmails, withdrawPendingEmailVerifications } from '@platform/notifications';
import type { EntityManager } from 'typeorm';
import type { AccountUnlinked } from '../account-links/account-unlinked';
import { forgetPasswordTokens } from '../sign-in/password-reset.service';
import { EMAIL_CHANGES_PER_IP, EMAIL_CHANGES_PER_USER, EMAIL_VERIFICATION_FAILURES_PER_IP } from '../sign-in/rate-limits';
import { endEmailVerifications } from './email-verification-links';
import { EmailVerificationTokenEntity } from './email-verification-token.entity';
import { maskEmail } from './masked-email';
import { endUnprovedRegistration } from './unproved-registrations';
import { UserEntity } from './user.entity';
import { duplicateIdentity, identityTaken } from './user.errors';
import { viewerUser } from './user.queries';

/*
 * An address is someone's only once they follow a link sent there. Until then it gets that link and nothing else: a
 * new address asked for in a profile waits as `pendingEmail` while the account's proved address keeps its receipts,
 * notices and reset links, so typing a stranger's address sends the stranger one email they can ignore, and a stolen
 * session cannot move the account's mail (and its password resets) to the thief's mailbox.
 */

/** A day: long enough for a resident who reads their mail in the evening, short enough that a stale link dies. */
const EMAIL_VERIFICATION_TTL_SECONDS = 24 * 60 * 60;

/**
 * Sends a link to `email` that proves it is the user's (EMAIL_VERIFICATION), in the caller's transaction, after ending
 * the user's links still open (and withdrawing their emails not yet sent): only the latest address asked for can be
 * proved. The email is in the user's language, with the city's branding, through the outbox.
 */
export async function sendEmailVerification(manager: EntityManager, ctx: TenantContext, user: Pick<UserEntity, 'id' | 'locale'>, email: string): Promise<void> {
  const now = ctx.clock.now();
  await endEmailVerifications(manager, user.id, now);
  const expiresAt = new Date(now.getTime() + EMAIL_VERIFICATION_TTL_SECONDS * 1000);
  const { token, hash } = createOpaqueToken();
  await manager.getRepository(EmailVerificationTokenEntity).insert({ tenantId: ctx.tenant.id, tokenHash: hash, userId: user.id, email, createdAt: now, expiresAt, usedAt: null });
  await enqueueNotification(
    manager,
    { tenantId: ctx.tenant.id, userId: user.id, to: email, locale: offeredLocale(ctx.tenant, user.locale), template: 'EMAIL_VERIFICATION', data: { token, expiresAt: expiresAt.toISOString() } },
    now,
  );
}

/**
 * Sends the viewer a new link for the address they have still to prove (the new one asked for, else their own), ending
 * the one before: a link lost, or a day gone. Rationed as asking for a new address is (EMAIL_CHANGES), since each sends
 * an email to an address the viewer typed. Nothing to prove, nothing sent. Answers the user as they are.
 */
export async function resendEmailVerification(ctx: TenantContext): Promise<UserEntity> {
  const user = await viewerUser(ctx);
  if (!addressToProve(user)) return user;
  await reserveAttempts(ctx, 'resendEmailVerification', [
    [EMAIL_CHANGES_PER_IP, ctx.clientIp],
    [EMAIL_CHANGES_PER_USER, user.id],
  ]);
  return withTenant(ctx, async (manager) => {
    // Read again under the lock an email change takes: the address to prove is the one the account asks for now.
    const locked = await manager.getRepository(UserEntity).findOneOrFail({ where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
    const address = addressToProve(locked);
    if (address) await sendEmailVerification(manager, ctx, locked, address);
    return locked;
  });
}

/** The address the user has still to prove: a new one asked for, else their own while unproved; null for none. */
function addressToProve(user: Pick<UserEntity, 'email' | 'emailVerifiedAt' | 'pendingEmail'>): string | null {
  return user.pendingEmail ?? (user.emailVerifiedAt ? null : user.email);
}

/**
 * Follows a verification link: the address it was sent to becomes the account's, proved. Works once, within its day,
 * and only for the address the user asks for now (a later request ends older links). A new address replaces the old one
 * as updateProfile used to at once: links sent to the old address end, messages waiting for it follow the user, and the
 * old address, where it was proved, is told (masked). Wrong links are limited per address as reset links are; a good
 * one gives its attempt back. Anyone holding the link may follow it, signed in or not: reading the mailbox is the proof.
 * EMAIL_TAKEN where another account took the address meanwhile.
 */
export async function verifyEmail(ctx: TenantContext, token: string, accountUnlinked: AccountUnlinked): Promise<Result<true>> {
  const reservation = await reserveAttempts(ctx, 'verifyEmail', [[EMAIL_VERIFICATION_FAILURES_PER_IP, ctx.clientIp]]);
  const invalid = refused(userError(ctx.locale, ['input', 'token'], UserErrorCode.INVALID_TOKEN, 'customer.invalidToken'));
  const now = ctx.clock.now();
  try {
    return await withTenant(ctx, async (manager) => {
      const row = await manager.getRepository(EmailVerificationTokenEntity).findOneBy({ tokenHash: hashOpaqueToken(token) });
      if (!row || row.usedAt || row.expiresAt <= now) return invalid;
      // The user before the link, as resetPassword locks them, so an email change or a reset under way lands first or waits.
      const user = await manager.getRepository(UserEntity).findOne({ where: { id: row.userId }, lock: { mode: 'pessimistic_write' } });
      const claimed = await manager.createQueryBuilder().update(EmailVerificationTokenEntity).set({ usedAt: now }).where('token_hash = :hash AND used_at IS NULL', { hash: row.tokenHash }).execute();
      if (!user || user.disabledAt || claimed.affected !== 1) return invalid;
      if (row.email === user.email) {
        if (!user.emailVerifiedAt) await manager.getRepository(UserEntity).update({ id: user.id }, { emailVerifiedAt: now, updatedAt: now });
      } else if (row.email === user.pendingEmail) {
        await switchEmail(manager, ctx, user, row.email, now, accountUnlinked);
      } else {
        return invalid;
      }
      // Another link to the address, still waiting to go out, would only ask again for what is done.
      await withdrawPendingEmailVerifications(manager, user.id, row.email);
      await giveBackAttempts(manager, reservation);
      return ok(true as const);
    });
  } catch (error) {
    // Another account took the address between the request and its link being followed.
    const duplicate = duplicateIdentity(error);
    if (!duplicate) throw error;
    return refused(identityTaken(duplicate, ctx.locale, true));
  }
}

/** The proved new address becomes the account's, in the caller's transaction, the user locked. */
async function switchEmail(manager: EntityManager, ctx: TenantContext, user: UserEntity, email: string, now: Date, accountUnlinked: AccountUnlinked): Promise<void> {
  // The link's reader owns the address: a registration that typed it and never proved it ends.
  await endUnprovedRegistration(manager, ctx, email, now, accountUnlinked);
  await manager.getRepository(UserEntity).update({ id: user.id }, { email, emailVerifiedAt: now, pendingEmail: null, updatedAt: now });
  // A link sent to the address given up must not set the password any more.
  await forgetPasswordTokens(manager, user.id, now);
  if (user.email) {
    // Messages still waiting for the old address are the user's, and follow them.
    await redirectPendingEmails(manager, { userId: user.id, from: user.email, to: email, at: now });
    // Only a proved address hears of the move: an unproved one may be a stranger's, typed by mistake at registration.
    if (user.emailVerifiedAt) {
      await enqueueNotification(
        manager,
        { tenantId: ctx.tenant.id, to: user.email, locale: offeredLocale(ctx.tenant, user.locale), template: 'EMAIL_CHANGED', data: { newEmail: maskEmail(email) } },
        now,
      );
    }
  }
  await recordSecurityEvent(manager, ctx, { kind: 'PROFILE_UPDATED', userId: user.id, actor: user.id, detail: { fields: 'email' } });
}
