import { type TenantContext } from '@platform/api';
import { createOpaqueToken, giveBackAttempts, hashOpaqueToken, hashPassword, normaliseIdentifier, recordSecurityEvent, reserveAttempts, type LimitCheck } from '@platform/auth';
import { DomainError, ErrorCode, offeredLocale, ok, refused, userError, UserErrorCode, type Result, type WorkAfterAnswer } from '@platform/core';
import { withTenant } from '@platform/db';
import { enqueueNotification, withdrawPendingPasswordLinks, type NotificationTemplate } from '@platform/notifications';
import type { EntityManager } from 'typeorm';
import { PasswordResetTokenEntity } from './password-reset-token.entity';
import { weakPasswordError } from './password-rules';
import { accountLimitSubject, typedLimitSubject, RESET_EMAILS_PER_ACCOUNT, RESET_FAILURES_PER_IP, RESET_REQUESTS_PER_IDENTIFIER, RESET_REQUESTS_PER_IP } from './rate-limits';
import { revokeUserSessions } from './session.service';
import type { SessionSettings } from './session-settings';
import { abandonEmailChange } from '../users/email-verification-links';
import { holdsLink } from '../users/identity';
import { UserEntity } from '../users/user.entity';
import { invitationPending } from '../users/user-role';
import { currentTenant, lockUserByEmailOrUsername, signInNameOf, userByEmailOrUsername } from '../users/user.queries';

const PASSWORD_RESET_TTL_SECONDS = 60 * 60;
export const STAFF_INVITATION_TTL_SECONDS = 72 * 60 * 60;

/**
 * Emails a single-use link to set a new password. The answer is the same
 * whether or not the account exists, and so is the time it takes: only the
 * limits every request counts against are awaited; finding the account and
 * sending its link happen after the answer (`afterAnswer`), so nobody can
 * learn who has one. A staff member whose access was taken away
 * (disableStaffUser) is sent none: whoever reads their mailbox could
 * otherwise choose the password they sign in with once their access is
 * given back. Nor is a staff member still invited (invitationPending): only
 * the ADMIN's invitation lets them in, and a reset link would outlive one
 * that lapsed, for an address nobody proved.
 */
export async function requestPasswordReset(ctx: TenantContext, identifier: string, afterAnswer: WorkAfterAnswer): Promise<void> {
  const typed = normaliseIdentifier(identifier);
  // An identifier holding a card number is counted per address only, account or not, so its answer is still the same
  // for every identifier (typedLimitSubject says why it keys nothing).
  const typedSubject = typedLimitSubject(typed);
  const checks: LimitCheck[] = [[RESET_REQUESTS_PER_IP, ctx.clientIp]];
  if (typedSubject !== null) checks.push([RESET_REQUESTS_PER_IDENTIFIER, typedSubject]);
  await reserveAttempts(ctx, 'requestPasswordReset', checks);
  afterAnswer.start(
    () => sendResetLink(ctx, typed),
    (error) => ctx.log.error({ err: error }, 'a password reset failed after its request was answered'),
  );
}

/** The reset link of the account `typed` names, if there is one that may have it. */
async function sendResetLink(ctx: TenantContext, typed: string): Promise<void> {
  // The account's emails are limited too, under its one name: where either identifier finds the user, the email and the
  // username would otherwise each send its three. Silently, so no answer tells that an identifier belongs to an account.
  const named = await withTenant(ctx, (manager) => userByEmailOrUsername(manager, typed), { readOnly: true });
  if (!named) return;
  const accountName = accountLimitSubject(normaliseIdentifier(signInNameOf(await currentTenant(ctx), named)), named.id);
  if (!(await accountAdmitsEmail(ctx, accountName))) return;

  await withTenant(ctx, async (manager) => {
    const user = await lockUserByEmailOrUsername(manager, typed);
    if (!user?.email || user.disabledAt || invitationPending(user)) return;
    await issuePasswordToken(manager, ctx, user, 'PASSWORD_RESET', PASSWORD_RESET_TTL_SECONDS);
    await recordSecurityEvent(manager, ctx, { kind: 'PASSWORD_RESET_REQUESTED', userId: user.id });
  });
}

/** Whether the account's limit of reset emails (RESET_EMAILS_PER_ACCOUNT) takes one more, counting it. */
async function accountAdmitsEmail(ctx: TenantContext, accountName: string): Promise<boolean> {
  try {
    await reserveAttempts(ctx, 'requestPasswordReset', [[RESET_EMAILS_PER_ACCOUNT, accountName]]);
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.RATE_LIMITED) return false;
    throw error;
  }
}

/**
 * Stores a password-setting token (hashed) and queues the email that carries
 * it, in the caller's transaction. Where the city signs in by username, the
 * email says the user's: a user with one signs in by it only, and an invited
 * clerk was given theirs by the ADMIN, never told it. Only an invitation
 * carries the name, which the ADMIN typed with the address; a reset goes to
 * an address nobody proved, under a name its registrant typed (the template
 * greets without one, renderEmail).
 */
export async function issuePasswordToken(
  manager: EntityManager,
  ctx: TenantContext,
  user: UserEntity,
  template: Extract<NotificationTemplate, 'PASSWORD_RESET' | 'STAFF_INVITATION'>,
  ttlSeconds: number,
): Promise<void> {
  if (!user.email) throw new Error('a password token needs an email address to go to');
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  const { token, hash } = createOpaqueToken();
  // An invitation carries its sender's authority (endInvitationsSentBy); a reset link, asked for by nobody signed in, none.
  const issuedBy = template === 'STAFF_INVITATION' ? (ctx.viewer?.userId ?? null) : null;
  await manager.getRepository(PasswordResetTokenEntity).insert({ tenantId: ctx.tenant.id, tokenHash: hash, userId: user.id, purpose: template, issuedBy, createdAt: now, expiresAt, usedAt: null });
  const username = (await currentTenant(ctx)).settings.signInIdentifier === 'USERNAME' ? user.username : null;
  // A username chosen before usernames were held to the link rule (holdsLink) may be a domain a stranger typed: a reset
  // goes without it, as it goes without the name. An invitation's username is the ADMIN's words, as its name is.
  const shownUsername = username && (template === 'STAFF_INVITATION' || !holdsLink(username)) ? username : null;
  const data = {
    token,
    expiresAt: expiresAt.toISOString(),
    ...(template === 'STAFF_INVITATION' && user.fullName ? { name: user.fullName } : {}),
    ...(shownUsername ? { username: shownUsername } : {}),
  };
  await enqueueNotification(manager, { tenantId: ctx.tenant.id, userId: user.id, to: user.email, locale: offeredLocale(ctx.tenant, user.locale), template, data }, now);
}

/**
 * Tells the user their password changed, at the address they have as it changed (`user`, read under its lock), and as
 * their email (userId): one still waiting when they move to a new address goes there, and a resend follows them.
 */
export async function notifyPasswordChanged(manager: EntityManager, tenant: TenantContext['tenant'], user: UserEntity, now: Date): Promise<void> {
  // An address nobody proved yet gets nothing but the link that proves it.
  if (!user.email || !user.emailVerifiedAt) return;
  await enqueueNotification(manager, { tenantId: tenant.id, userId: user.id, to: user.email, locale: offeredLocale(tenant, user.locale), template: 'PASSWORD_CHANGED', data: {} }, now);
}

/**
 * Ends every password-setting link of the user still open (reset or
 * invitation), in the caller's transaction: once the password was set or
 * changed, or the email it went to was changed, an older link must not set it
 * again (someone who read the mailbox then, or a forwarded invitation). An
 * email carrying one that has not gone out yet is withdrawn with it, so nobody
 * is sent a link that no longer works.
 */
export async function forgetPasswordTokens(manager: EntityManager, userId: string, now: Date): Promise<void> {
  await manager.getRepository(PasswordResetTokenEntity).createQueryBuilder().update().set({ usedAt: now }).where('user_id = :userId AND used_at IS NULL', { userId }).execute();
  await withdrawPendingPasswordLinks(manager, userId);
}

/**
 * Ends every invitation the staff member sent that is still open, in the caller's transaction, as they lose their
 * access or their ADMIN role: an invitation is their authority handed on by email, and one they sent to an address of
 * their own (or kept a copy of) would otherwise let them back in, as an ADMIN if they invited one, after the city took
 * that authority away. The people invited stay invited, with no link; an ADMIN who still is one decides whether to
 * send them a new invitation (resendStaffInvitation). Each invited user is locked before their links, in id order, as
 * resetPassword locks the user before claiming a link, so an acceptance under way either lands first or is refused.
 * Returns how many people's invitations ended.
 */
export async function endInvitationsSentBy(manager: EntityManager, issuerId: string, now: Date): Promise<number> {
  const invited = await manager.query<{ id: string }[]>(
    `SELECT id FROM users WHERE id IN (
       SELECT user_id FROM password_reset_tokens WHERE issued_by = $1 AND purpose = 'STAFF_INVITATION' AND used_at IS NULL AND expires_at > $2)
     ORDER BY id FOR UPDATE`,
    [issuerId, now],
  );
  for (const { id } of invited) {
    await manager
      .getRepository(PasswordResetTokenEntity)
      .createQueryBuilder()
      .update()
      .set({ usedAt: now })
      .where("user_id = :id AND issued_by = :issuerId AND purpose = 'STAFF_INVITATION' AND used_at IS NULL", { id, issuerId })
      .execute();
    await withdrawPendingPasswordLinks(manager, id);
  }
  return invited.length;
}

/**
 * Sets a new password with a reset or invitation token; the token works once,
 * within its hour (or days, for an invitation), and ends the user's other links. Wrong tokens are limited per
 * address, counted before the look-up; a valid token gives its attempt back. The token of a user whose access
 * was taken away is refused as a wrong one is (INVALID_TOKEN), whenever that was: disabling ends the user's
 * links, but one sent to a disabled user before requestPasswordReset refused them may still be open. So is a reset
 * token of a staff member still invited (invitationPending), which only their invitation lets in. Accepting an
 * invitation (its token setting a first password) is STAFF_INVITATION_ACCEPTED, with no PASSWORD_CHANGED notice.
 */
export async function resetPassword(ctx: TenantContext, settings: SessionSettings, token: string, newPassword: string): Promise<Result<true>> {
  const reservation = await reserveAttempts(ctx, 'resetPassword', [[RESET_FAILURES_PER_IP, ctx.clientIp]]);

  const invalid = refused(userError(ctx.locale, ['input', 'token'], UserErrorCode.INVALID_TOKEN, 'customer.invalidToken'));
  const now = ctx.clock.now();
  const found = await withTenant(ctx, async (manager) => {
    const row = await manager.getRepository(PasswordResetTokenEntity).findOneBy({ tokenHash: hashOpaqueToken(token) });
    if (!row || row.usedAt || row.expiresAt <= now) return null;
    const user = await manager.getRepository(UserEntity).findOneBy({ id: row.userId });
    // A reset link of someone still invited was sent before sendResetLink refused them: only an invitation lets them in.
    if (!user || user.disabledAt || (row.purpose === 'PASSWORD_RESET' && invitationPending(user))) return null;
    await giveBackAttempts(manager, reservation);
    return { user, purpose: row.purpose };
  });
  if (!found) return invalid;
  const { user, purpose } = found;
  const weak = weakPasswordError(newPassword, [user.email, user.username], ['input', 'newPassword'], ctx.locale);
  if (weak) return refused(weak);

  const passwordHash = await hashPassword(newPassword, settings.passwordHashCost);
  return withTenant(ctx, async (manager) => {
    // The user before their links, in the order disabling and resending an invitation lock them, so none deadlocks with this.
    const locked = await manager.getRepository(UserEntity).findOne({ where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
    if (!locked || locked.disabledAt) return invalid;
    // Claim the token atomically: of two concurrent uses, exactly one updates the row.
    const claimed = await manager
      .createQueryBuilder()
      .update(PasswordResetTokenEntity)
      .set({ usedAt: now })
      .where('token_hash = :hash AND used_at IS NULL AND expires_at > :now', { hash: hashOpaqueToken(token), now })
      .execute();
    if (claimed.affected !== 1) return invalid;
    // A first password, set from the invitation by the person it was sent to: no password was changed, so there is
    // nothing to warn them of, and "your password was changed ... if this was not you" on their first day would teach
    // them to ignore the notice when it is real. An invitation's token for someone with a password (none is left open
    // once they accept) would change one: told, as a reset is.
    const accepting = purpose === 'STAFF_INVITATION' && locked.passwordHash === null;
    await forgetPasswordTokens(manager, user.id, now);
    // Whoever knew the password before may have asked to move the account to their own mailbox: that change ends.
    await abandonEmailChange(manager, user.id, now);
    // The link went to the account's address (a change of address ends it), so following it proves the address too.
    await manager.getRepository(UserEntity).update({ id: user.id }, { passwordHash, emailVerifiedAt: locked.emailVerifiedAt ?? now, updatedAt: now });
    await revokeUserSessions(manager, user.id, now, 'PASSWORD_RESET');
    await recordSecurityEvent(manager, ctx, { kind: accepting ? 'STAFF_INVITATION_ACCEPTED' : 'PASSWORD_RESET', userId: user.id, actor: user.id });
    if (!accepting) await notifyPasswordChanged(manager, ctx.tenant, locked, now);
    return ok(true as const);
  });
}
