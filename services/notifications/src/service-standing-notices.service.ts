import type { EntityManager } from 'typeorm';
import { withdrawPendingAccountNotices } from './account-notice-withdrawal.service';
import type { NotificationTemplate } from './notification.entity';
import { retractAccountNotices } from './retracted-notices';

/*
 * A household is told where its service stands: the city may disconnect it (DISCONNECTION_WARNING), it is disconnected
 * and what brings it back (SERVICE_DISCONNECTED). Once that changes (the account caught up, was disconnected, or was
 * restored), the message no longer holds: still waiting, it would ask for money already paid or threaten a cut-off
 * already made or undone; sent again by staff, the same. Whether it holds is billing's to know, so billing says so, in
 * the transaction that changes the account (through the customers service, which queued it).
 */

/** The kinds that say where an account's service stands and ask for money to keep it or have it back. */
export type ServiceStandingTemplate = Extract<NotificationTemplate, 'DISCONNECTION_WARNING' | 'SERVICE_DISCONNECTED'>;

/** SQL: a service standing notice not yet retracted; the predicate of the index that finds them. */
const UNRETRACTED_STANDING = `template IN ('DISCONNECTION_WARNING', 'SERVICE_DISCONNECTED') AND NOT retracted`;

/** Retracts the accounts' notices of these kinds (staff may then not resend them) and withdraws one still waiting, in the caller's transaction. */
export async function retractServiceStandingNotices(manager: EntityManager, accountNumbers: readonly string[], templates: readonly ServiceStandingTemplate[]): Promise<void> {
  await retractAccountNotices(manager, accountNumbers, UNRETRACTED_STANDING, (row) => (templates as readonly string[]).includes(row.template));
  await withdrawPendingAccountNotices(manager, accountNumbers, templates);
}
