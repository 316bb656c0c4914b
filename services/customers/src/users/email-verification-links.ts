import { withdrawPendingEmailVerifications } from '@platform/notifications';
import type { EntityManager } from 'typeorm';
import { EmailVerificationTokenEntity } from './email-verification-token.entity';
import { UserEntity } from './user.entity';

/** Ends the user's verification links still open, and withdraws their emails not yet sent (the address asked for changed). */
export async function endEmailVerifications(manager: EntityManager, userId: string, now: Date): Promise<void> {
  await manager.getRepository(EmailVerificationTokenEntity).createQueryBuilder().update().set({ usedAt: now }).where('user_id = :userId AND used_at IS NULL', { userId }).execute();
  await withdrawPendingEmailVerifications(manager, userId);
}

/**
 * Drops the new address the user asked for (pendingEmail) and ends every verification link still open, in the caller's
 * transaction, the user locked: for a password reset, which proves the mailbox of the account's own address. A change
 * asked under the password the reset replaces may be a thief's, or a squatter's who registered the owner's address, and
 * its link, followed later from their mailbox, would move the account (and its next resets) away from its owner.
 */
export async function abandonEmailChange(manager: EntityManager, userId: string, now: Date): Promise<void> {
  await manager.getRepository(UserEntity).update({ id: userId }, { pendingEmail: null });
  await endEmailVerifications(manager, userId, now);
}
