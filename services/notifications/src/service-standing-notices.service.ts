import { accountStatusesByNumber, type AccountStatus } from '@platform/billing';
import type { EntityManager } from 'typeorm';
import { withdrawPendingAccountNotices } from './account-notice-withdrawal.service';
import type { NotificationTemplate } from './notification.entity';
import { retractAccountNotices } from './retracted-notices';

/*
 * A household is told where its service stands: the city may disconnect it (DISCONNECTION_WARNING), it is disconnected
 * and what brings it back (SERVICE_DISCONNECTED). Once that changes (the account caught up, was disconnected, or was
 * restored), the message no longer holds: still waiting, it would ask for money already paid or threaten a cut-off
 * already made or undone; sent again by staff, the same. Whether it holds is billing's to know, so billing says so, in
 * the transaction that changes the account (through the customers service, which queued it). One change comes
 * without a word: a payment in full of a disconnected account opens its restoration request in the payment's own
 * transaction, deep in billing's ledger, where nothing tells households. So each notice is also read against where its
 * account stands right before it is sent (delivery withdraws it) or sent again (resendNotification refuses it).
 */

/** The kinds that say where an account's service stands and ask for money to keep it or have it back. */
export type ServiceStandingTemplate = Extract<NotificationTemplate, 'DISCONNECTION_WARNING' | 'SERVICE_DISCONNECTED'>;

/** SQL: a service standing notice not yet retracted; the predicate of the index that finds them. */
const UNRETRACTED_STANDING = `template IN ('DISCONNECTION_WARNING', 'SERVICE_DISCONNECTED') AND NOT retracted`;

/** Where an account must stand for each kind to hold: flagged for a warning, still cut off for the call to pay it back. */
const STANDING_HELD_BY: Readonly<Record<ServiceStandingTemplate, AccountStatus>> = { DISCONNECTION_WARNING: 'DISCONNECT_ELIGIBLE', SERVICE_DISCONNECTED: 'DISCONNECTED' };

const isServiceStanding = (template: NotificationTemplate): template is ServiceStandingTemplate => Object.hasOwn(STANDING_HELD_BY, template);

/** For each of these messages, in their order, whether it says where its account's service stands and the account no longer stands there; one billing read for all. */
export async function standingsNoLongerHeld(manager: EntityManager, notices: readonly { readonly template: NotificationTemplate; readonly accountNumber: string | null }[]): Promise<boolean[]> {
  const numbers = notices.flatMap((n) => (isServiceStanding(n.template) && n.accountNumber !== null ? [n.accountNumber] : []));
  const statuses = await accountStatusesByNumber(manager, numbers);
  return notices.map((n) => {
    if (!isServiceStanding(n.template) || n.accountNumber === null) return false;
    const status = statuses.get(n.accountNumber);
    return status !== undefined && status !== STANDING_HELD_BY[n.template];
  });
}

/** Retracts the accounts' notices of these kinds (staff may then not resend them) and withdraws one still waiting, in the caller's transaction. */
export async function retractServiceStandingNotices(manager: EntityManager, accountNumbers: readonly string[], templates: readonly ServiceStandingTemplate[]): Promise<void> {
  await retractAccountNotices(manager, accountNumbers, UNRETRACTED_STANDING, (row) => (templates as readonly string[]).includes(row.template));
  await withdrawPendingAccountNotices(manager, accountNumbers, templates);
}
