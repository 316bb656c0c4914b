import type { EntityManager } from 'typeorm';
import type { UserRole } from '../users/user-role';

/** Why a user let in at the start of a request may not act on it after all. */
export type RecheckRefusal = 'ACCESS_REMOVED' | 'PASSWORD_CHANGED' | 'SESSION_ENDED';

export interface CheckedCredentials {
  /** The hash the request verified a password against; omitted where it asked for none. Null is never the account's. */
  readonly passwordHash?: string | null;
  /** The session the request came with, which must still be open at `now`; omitted for a sign-in, which has none yet. */
  readonly session?: { readonly id: string; readonly now: Date };
}

/**
 * The user as they stand under a row lock held to the end of the caller's transaction: why what a request checked
 * before it (a password, its session) no longer lets it in, or the roles the user holds. A request checks a password
 * outside any transaction (a hash takes long), so a reset, a password change or an ADMIN taking the access away can
 * commit in between; each of those ends the user's sessions and changes what is checked here under the same row lock,
 * so either it committed first and this refuses, or it waits for the caller. SHARE for a caller that only reads the
 * user (a sign-in); UPDATE for one that then writes the row, which would otherwise deadlock with another like it.
 */
export async function recheckUnderLock(
  manager: EntityManager,
  userId: string,
  checked: CheckedCredentials,
  lock: 'SHARE' | 'UPDATE',
): Promise<{ readonly refusal: RecheckRefusal } | { readonly roles: UserRole[] }> {
  const [row] = await manager.query<{ password_hash: string | null; disabled: boolean; roles: UserRole[] }[]>(
    `SELECT password_hash, disabled_at IS NOT NULL AS disabled, roles FROM users WHERE id = $1 FOR ${lock}`,
    [userId],
  );
  if (!row || row.disabled) return { refusal: 'ACCESS_REMOVED' };
  if (checked.session) {
    // Shared, so a logout or a reused refresh token (which end the session without the user's lock) wait for the caller too.
    const [session] = await manager.query<{ open: boolean }[]>('SELECT revoked_at IS NULL AND expires_at > $3 AS open FROM sessions WHERE id = $1 AND user_id = $2 FOR SHARE', [
      checked.session.id,
      userId,
      checked.session.now,
    ]);
    if (!session?.open) return { refusal: 'SESSION_ENDED' };
  }
  if (checked.passwordHash !== undefined && (checked.passwordHash === null || row.password_hash !== checked.passwordHash)) return { refusal: 'PASSWORD_CHANGED' };
  return { roles: row.roles };
}
