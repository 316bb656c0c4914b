import { validateInput, refuseUnlessStillSignedIn, type TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { maskAccountNumber } from '@platform/billing';
import { offeredLocale, ok, refused, userError, UserErrorCode, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import { closedAccountMessagesEnded, enqueueNotification } from '@platform/notifications';
import { z } from 'zod';
import { letGoOfEveryLinkedAccount, type AccountUnlinked } from '../account-links/account-unlinked';
import { forgetPasswordTokens } from '../sign-in/password-reset.service';
import { revokeUserSessions } from '../sign-in/session.service';
import type { AccountClosingSteps } from './account-closing';
import { endEmailVerifications } from './email-verification-links';
import { required, staffNote } from './identity';
import { checkCurrentPassword, lockAsChecked } from './profile.service';
import { UserEntity } from './user.entity';
import { isStaffRole } from './user-role';
import { currentTenant, viewerUser } from './user.queries';

/*
 * A resident closes their online account (moving away, or no longer wanting one), or asks the city by phone and its
 * ADMIN closes it for them. What the city must keep stays: payments, receipts, the ledger and the audit log name the
 * user by id, and the user row stays for them. What identifies the person goes: name, email (free to register again),
 * phone, username, password, their search terms (resident_search_terms, kept by the users trigger), their notification
 * choices, the name on their saved methods. Staff read the account as "Closed online account" (closedAccountName).
 *
 * Decisions (README, "Closing an online account"):
 * - A payment under way stays: it was the resident's to make, and is the city's to record. Closing waits for nothing
 *   and refuses nothing for it; its outcome is recorded as any other, and its notices go nowhere (no address is kept).
 * - Autopay's run charging now: a charge already sent stands and its payment stays (the run holds the enrolment until
 *   it records the charge, and closing waits for that lock); one not yet sent finds the method gone at the processor
 *   and the enrolment cancelled, and is neither retried nor announced.
 * - Closing an account already closed changes nothing, and is no error: the same answer, nothing sent or recorded again.
 * - A session of the closed account is refused from its next request, on every gateway (revokeUserSessions).
 */

/** The audit log's note of who closed the account. */
type ClosedBy = { readonly kind: 'RESIDENT'; readonly checkedHash: string | null } | { readonly kind: 'STAFF'; readonly reason: string };

export interface CloseResidentAccountInput {
  readonly userId: string;
  readonly reason: string;
}

/**
 * Closes the signed-in resident's own online account, once their current password is right (checkCurrentPassword: a
 * wrong one counts as a failed sign-in): a stolen session must not be able to close it. Refused, nothing written,
 * where the password changed or the session ended while the password was checked (lockAsChecked), or the processor
 * did not answer for their saved methods (PROCESSOR_UNAVAILABLE, try again).
 */
export async function closeMyAccount(ctx: TenantContext, steps: AccountClosingSteps, accountUnlinked: AccountUnlinked, currentPassword: string): Promise<Result<true>> {
  const user = await viewerUser(ctx);
  const wrong = await checkCurrentPassword(ctx, user, currentPassword, 'closeMyAccount');
  if (wrong) return refused(wrong);
  const removed = await steps.removeSavedMethods(ctx, user.id, ['input']);
  if (!removed.ok) return removed;
  const closed = await closeAccount(ctx, steps, accountUnlinked, user.id, { kind: 'RESIDENT', checkedHash: user.passwordHash });
  return closed.ok ? ok(true as const) : closed;
}

const closingRequest = z.object({ userId: z.string(), reason: required(staffNote) });

/**
 * The city's ADMIN closes a resident's online account for them (the resident asked by phone), with the reason they
 * give, kept in the audit log. Only the city's residents: another city's user, or a staff member (whose access is
 * taken away with disableStaffUser instead), is RESIDENT_NOT_FOUND, saying nothing of who they are. Answers the user as
 * staff now read it.
 */
export async function closeResidentAccount(ctx: TenantContext, steps: AccountClosingSteps, accountUnlinked: AccountUnlinked, input: CloseResidentAccountInput): Promise<Result<UserEntity>> {
  const checked = validateInput(closingRequest, input, ctx.locale);
  if (!checked.ok) return checked;
  const { userId, reason } = checked.value;
  const resident = await withTenant(ctx, (manager) => manager.getRepository(UserEntity).findOneBy({ id: userId }), { readOnly: true });
  if (!resident || !isResident(resident)) return refused(residentNotFound(ctx));
  if (resident.closedAt) return ok(resident);
  const removed = await steps.removeSavedMethods(ctx, userId, ['input', 'userId']);
  if (!removed.ok) return removed;
  return closeAccount(ctx, steps, accountUnlinked, userId, { kind: 'STAFF', reason });
}

/** A resident's own user: a CUSTOMER, never staff. */
const isResident = (user: UserEntity): boolean => user.roles.includes('CUSTOMER') && !user.roles.some(isStaffRole);

const residentNotFound = (ctx: TenantContext) => userError(ctx.locale, ['input', 'userId'], UserErrorCode.RESIDENT_NOT_FOUND, 'customer.residentNotFound');

/**
 * The closing itself, in one transaction under the user's row lock: every step commits together or none does. The
 * confirmation is queued to the address before it is scrubbed (only a proved one: an address nobody proved gets nothing
 * but the link that proves it), after every other message of theirs still waiting is withdrawn.
 */
async function closeAccount(ctx: TenantContext, steps: AccountClosingSteps, accountUnlinked: AccountUnlinked, userId: string, by: ClosedBy): Promise<Result<UserEntity>> {
  return withTenant(ctx, async (manager) => {
    if (by.kind === 'RESIDENT') {
      const changed = await lockAsChecked(manager, ctx, userId, by.checkedHash);
      if (changed) return refused(changed);
    } else {
      await refuseUnlessStillSignedIn(manager, ctx);
    }
    const user = await manager.getRepository(UserEntity).findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
    if (!user || !isResident(user)) return refused(residentNotFound(ctx));
    if (user.closedAt) return ok(user);
    const at = ctx.clock.now();
    const closing = { userId, at };

    const autopayStopped = await steps.enrollerClosed(manager, closing);
    const accountsUnlinked = await letGoOfEveryLinkedAccount(ctx, manager, userId, accountUnlinked);
    await steps.emptyWallet(manager, closing);
    await revokeUserSessions(manager, userId, at, 'ACCOUNT_CLOSED');
    await forgetPasswordTokens(manager, userId, at);
    await endEmailVerifications(manager, userId, at);
    // Last, once the enrolments are held: an autopay run that held one meanwhile has committed what it told them (a
    // failure, a suspension), which this withdraws; one waiting for them now finds them cancelled and tells nothing.
    await closedAccountMessagesEnded(manager, userId, at);
    if (user.email && user.emailVerifiedAt) {
      const tenant = await currentTenant(ctx);
      const data: Record<string, string> = autopayStopped.length > 0 ? { autopayAccounts: autopayStopped.map(maskAccountNumber).join(', ') } : {};
      await enqueueNotification(manager, { tenantId: ctx.tenant.id, userId, to: user.email, locale: offeredLocale(tenant.settings, user.locale), template: 'ACCOUNT_CLOSED', data }, at);
    }
    const scrubbed = {
      email: null,
      emailVerifiedAt: null,
      pendingEmail: null,
      username: null,
      fullName: null,
      phone: null,
      passwordHash: null,
      disabledAt: user.disabledAt ?? at,
      closedAt: at,
      updatedAt: at,
    };
    await manager.getRepository(UserEntity).update({ id: userId }, scrubbed);
    const detail = { closedBy: by.kind, ...(by.kind === 'STAFF' && { reason: by.reason }), accountsUnlinked: String(accountsUnlinked), autopayStopped: String(autopayStopped.length) };
    await recordSecurityEvent(manager, ctx, { kind: 'ONLINE_ACCOUNT_CLOSED', userId, detail });
    return ok({ ...user, ...scrubbed });
  });
}
