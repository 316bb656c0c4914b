import type { EntityManager } from 'typeorm';
import { EMAIL_VERIFICATION_TEMPLATE, PASSWORD_LINK_TEMPLATES, WITHDRAW } from './one-time-links';

/**
 * A user's password-setting links have ended (the password was set or
 * changed, their access taken away, a new invitation sent): their emails
 * still waiting to go out are withdrawn (SUPPRESSED, WITHDRAWN) in the
 * caller's transaction, their tokens forgotten as a sent message's are.
 * Sent on, one would ask the person to choose a password with a link that no
 * longer works. One claimed by a delivery pass is withdrawn too: the pass
 * reads the status again right before each send.
 */
export async function withdrawPendingPasswordLinks(manager: EntityManager, userId: string): Promise<void> {
  await withdrawPendingLinks(manager, userId, [...PASSWORD_LINK_TEMPLATES]);
}

/**
 * As withdrawPendingPasswordLinks, for the user's email verification links: a new address asked for has ended them,
 * or (`recipient` given) the address they went to was proved, by its link or another way, before they went out.
 */
export async function withdrawPendingEmailVerifications(manager: EntityManager, userId: string, recipient?: string): Promise<void> {
  await withdrawPendingLinks(manager, userId, [EMAIL_VERIFICATION_TEMPLATE], recipient ?? null);
}

async function withdrawPendingLinks(manager: EntityManager, userId: string, templates: readonly string[], recipient: string | null = null): Promise<void> {
  await manager.query(
    `UPDATE notification_outbox SET ${WITHDRAW}
      WHERE user_id = $1 AND status = 'PENDING' AND template = ANY($2::text[]) AND ($3::text IS NULL OR recipient = $3)`,
    [userId, templates, recipient],
  );
}
