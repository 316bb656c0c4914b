import type { NotificationTemplate } from './notification.entity';

/*
 * A password reset's, a staff invitation's or an email verification's message carries a one-time
 * token in its data, for the link it renders (and a text confirming a mobile
 * number, its code, under the same key). The account keeps only the
 * token's hash, so that whoever reads the database (or a backup of it) cannot
 * use the link; a copy kept in the outbox would undo that. So a message keeps
 * its token only until it is done with (sent, failed for good, suppressed),
 * and such a message is never sent again: the person asks for a new link
 * ("Forgot your password?" serves an invited clerk too, the profile page a
 * number's code).
 */

/** The messages whose data carries a one-time link's token that sets a password. */
export const PASSWORD_LINK_TEMPLATES: ReadonlySet<NotificationTemplate> = new Set(['PASSWORD_RESET', 'STAFF_INVITATION']);

/** The message whose data carries a one-time link proving an email address is the user's. */
export const EMAIL_VERIFICATION_TEMPLATE: NotificationTemplate = 'EMAIL_VERIFICATION';

/** The messages whose data carries a one-time link's token. */
export const ONE_TIME_LINK_TEMPLATES: ReadonlySet<NotificationTemplate> = new Set([...PASSWORD_LINK_TEMPLATES, EMAIL_VERIFICATION_TEMPLATE]);

/** The text whose data carries a one-time code (as `token`): a mobile number's confirmation. */
export const ONE_TIME_CODE_TEMPLATE: NotificationTemplate = 'SMS_PHONE_CODE';

/** Part of an UPDATE's SET: erases the message's one-time token, if it has one. */
export const FORGET_ONE_TIME_TOKEN = `data = data - 'token'`;

/**
 * Part of an UPDATE's SET: withdraws a message not yet sent (SUPPRESSED,
 * WITHDRAWN), its one-time token forgotten as a sent message's is. A delivery
 * pass reads the status again right before each send, so one it has claimed
 * is withdrawn too.
 */
export const WITHDRAW = `status = 'SUPPRESSED', failure_reason = 'WITHDRAWN', ${FORGET_ONE_TIME_TOKEN}`;

/**
 * Whether a message's one-time link or code has expired (its data's
 * `expiresAt`, on the platform's clock): held up past it (a relay refusing
 * the platform all weekend), it would not work, and is not sent.
 */
export function oneTimeLinkExpired(message: { readonly template: NotificationTemplate; readonly data: Readonly<Record<string, string>> }, now: Date): boolean {
  const expiresAt = message.data.expiresAt;
  const carriesOne = ONE_TIME_LINK_TEMPLATES.has(message.template) || message.template === ONE_TIME_CODE_TEMPLATE;
  return carriesOne && expiresAt !== undefined && Date.parse(expiresAt) <= now.getTime();
}
