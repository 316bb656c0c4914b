import type { EntityManager } from 'typeorm';
import type { BillingScope } from '../billing-scope';

/** An account the disconnection sweep has just found past due beyond the city's rules. */
export interface PastDueAccount {
  readonly serviceAccountId: string;
  readonly accountNumber: string;
  /** What of its utility bills is past due, pending payments counted as paid: what keeps its service on once paid. */
  readonly pastDueCents: bigint;
}

/**
 * What the sweep tells the households whose service the city may now disconnect, in the sweep's own transaction, so a
 * warning goes if and only if the account's change commits: `warn` as an account becomes eligible for disconnection,
 * `withdraw` as one caught up leaves it (its warnings no longer hold: not sent, if still waiting, nor sent again). Who holds an account and how to reach them is the
 * customers service's to know, which depends on billing: the gateway hands its answer in (as it does
 * PaymentsUnanswered), and billing calls it without knowing who is told or how.
 */
export interface PastDueNotices {
  readonly warn: (manager: EntityManager, scope: BillingScope, accounts: readonly PastDueAccount[]) => Promise<void>;
  readonly withdraw: (manager: EntityManager, accountNumbers: readonly string[]) => Promise<void>;
}
