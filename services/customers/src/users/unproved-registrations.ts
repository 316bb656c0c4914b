import type { TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import type { EntityManager } from 'typeorm';
import { letGoOfEveryLinkedAccount, type AccountUnlinked } from '../account-links/account-unlinked';
import { forgetPasswordTokens } from '../sign-in/password-reset.service';
import { revokeUserSessions } from '../sign-in/session.service';
import { endEmailVerifications } from './email-verification-links';
import { UserEntity } from './user.entity';
import { UNPROVED_REGISTRATION } from './user.queries';

/*
 * Anyone can register anyone's address. A registration whose address nobody proved holds it only until the address's
 * owner comes: their registration, or the link they follow to take the address in their profile, ends it. Held for good,
 * it would refuse the owner (EMAIL_TAKEN, which also told them an account is there) and leave a password reset, which
 * hands them the squatter's account, as their only way in. Only a resident's self-registration is ever ended: never an
 * address its owner proved, an invited staff member (their invitation proves it), or anyone whose access was taken away.
 */

/**
 * Ends the unproved registration holding `email` (stored form), if there is one, in the caller's transaction, for the
 * address's owner claiming it now: its address is let go, it can no longer sign in (disabled, its sessions ended), its
 * reset and verification links end, and the city's audit log says so (REGISTRATION_ENDED). It lets go of the accounts
 * it linked, as an unlink does (accountsLetGo), so an autopay it enrolled lapses rather than charging, month
 * after month, a card whose holder can no longer sign in to stop it (whoever that was: the address's owner may have
 * been the one who registered first). Its payments stay, for the city's records; nothing was ever emailed to the
 * address on its behalf but the link, and nothing is now. Answers whether one was ended.
 */
export async function endUnprovedRegistration(manager: EntityManager, ctx: TenantContext, email: string, now: Date, accountUnlinked: AccountUnlinked): Promise<boolean> {
  const [held] = await manager.query<{ id: string }[]>(`SELECT id FROM users WHERE email = $1 AND ${UNPROVED_REGISTRATION} FOR UPDATE`, [email]);
  if (!held) return false;
  await manager.getRepository(UserEntity).update({ id: held.id }, { email: null, pendingEmail: null, disabledAt: now, updatedAt: now });
  await revokeUserSessions(manager, held.id, now, 'REGISTRATION_ENDED');
  await forgetPasswordTokens(manager, held.id, now);
  await endEmailVerifications(manager, held.id, now);
  const accountsUnlinked = await letGoOfEveryLinkedAccount(ctx, manager, held.id, accountUnlinked);
  await recordSecurityEvent(manager, ctx, { kind: 'REGISTRATION_ENDED', userId: held.id, detail: { accountsUnlinked: String(accountsUnlinked) } });
  return true;
}
