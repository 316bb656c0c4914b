import type { TenantContext } from '@platform/api';
import type { EntityManager } from 'typeorm';
import type { BillingScope } from '../billing-scope';

/** An account whose household is told something of its service, and the sum the message asks for, in cents. */
export interface AccountToTell {
  readonly serviceAccountId: string;
  readonly accountNumber: string;
  /**
   * What the message asks the household to pay: a warning, what of the service is past due (pending payments counted as
   * paid), which keeps it on once paid; a disconnection, the amount due in full, which asks for the service back.
   */
  readonly toPayCents: bigint;
}

/**
 * What billing tells the households whose service changes, in the transaction that changes it, so a message goes if and
 * only if the change commits: the sweep flags an account (`pastDue`: the city may disconnect it) or returns one that
 * caught up (`caughtUp`: what warned it no longer holds: not sent if still waiting, nor sent again); staff record the
 * service cut off (`disconnected`) or restored (`restored`), or close the account (`closed`). Who holds an account and how to reach them is the
 * customers service's to know, which depends on billing: the gateway hands its answer in (as it does
 * PaymentsUnanswered), and billing calls it without knowing who is told or how.
 */
export interface AccountStandingNotices {
  readonly pastDue: (manager: EntityManager, scope: BillingScope, accounts: readonly AccountToTell[]) => Promise<void>;
  readonly caughtUp: (manager: EntityManager, accountNumbers: readonly string[]) => Promise<void>;
  readonly disconnected: (manager: EntityManager, scope: BillingScope, account: AccountToTell) => Promise<void>;
  readonly restored: (manager: EntityManager, scope: BillingScope, account: Omit<AccountToTell, 'toPayCents'>) => Promise<void>;
  /**
   * An ADMIN closed the account (in `ctx`, the request that closed it): it is never kept on nor restored, so whatever
   * asked for money to keep it or have it back no longer holds, and its bills are no longer anyone's to get by email.
   */
  readonly closed: (manager: EntityManager, ctx: TenantContext, account: Omit<AccountToTell, 'toPayCents'>) => Promise<void>;
}
