import type { EntityManager } from 'typeorm';
import type { NotificationTemplate } from './notification.entity';
import { WITHDRAW } from './one-time-links';

/*
 * Some messages go to a resident because they hold an account (they linked it): its new bill and the reminder before
 * it is due, where its service stands. They tell its balance, its bills and its troubles, which are the household's
 * business, not a former holder's (a tenant who moved out and unlinked it, a registration ended by the address's
 * owner). So once the holder lets go of the account, what was still to go to them about it is withdrawn, in the
 * transaction that lets go (whoever unlinks calls withdrawHolderNotices), and staff may not send one of them again
 * while the person does not hold the account (resendNotification asks the customers service, which knows the links,
 * through `HeldAccount`). A notice a job queues in a transaction running across the unlink (it read the link before
 * the unlink removed it) can still go once: the jobs do not lock the links they read, which would write every row of
 * a city's links on each monthly import.
 */

/** The kinds a resident gets as an account's holder, filed under the account (AccountFiling). */
const HOLDER_NOTICE_TEMPLATES: readonly NotificationTemplate[] = ['BILL_ISSUED', 'BILL_DUE_SOON', 'DISCONNECTION_WARNING', 'SERVICE_DISCONNECTED', 'SERVICE_RESTORED'];

const isHolderNotice = (template: NotificationTemplate): boolean => HOLDER_NOTICE_TEMPLATES.includes(template);

/** Whether `userId` holds the account numbered `accountNumber` now, in the caller's tenant transaction. */
export type HeldAccount = (manager: EntityManager, userId: string, accountNumber: string) => Promise<boolean>;

/**
 * Withdraws the user's holder notices about these accounts still waiting to go out (a claimed one too: delivery looks
 * again before each send), in the caller's transaction, so they are withdrawn if and only if the letting go commits.
 * Not a new bill's email that is the bill itself (its account was left out of print as paperless): the household would
 * then have this month's bill neither on paper nor by email.
 */
export async function withdrawHolderNotices(manager: EntityManager, userId: string, accountNumbers: readonly string[]): Promise<void> {
  if (accountNumbers.length === 0) return;
  await manager.query(
    `UPDATE notification_outbox SET ${WITHDRAW}
      WHERE status = 'PENDING' AND user_id = $1 AND account_number = ANY($2::text[]) AND template = ANY($3::text[])
        AND NOT (template = 'BILL_ISSUED' AND coalesce(data->>'paperless', 'false') = 'true')`,
    [userId, accountNumbers, HOLDER_NOTICE_TEMPLATES],
  );
}

/** Whether this message went to a user as an account's holder and they no longer hold it: not theirs to be sent again. */
export async function holderLetGo(
  manager: EntityManager,
  notice: { readonly template: NotificationTemplate; readonly userId: string | null; readonly accountNumber: string | null },
  heldAccount: HeldAccount,
): Promise<boolean> {
  if (!isHolderNotice(notice.template) || notice.userId === null || notice.accountNumber === null) return false;
  return !(await heldAccount(manager, notice.userId, notice.accountNumber));
}
