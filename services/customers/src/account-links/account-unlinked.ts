import type { EntityManager } from 'typeorm';

/** A user stopped holding an account: they unlinked it, at `at`. */
export interface UnlinkedAccount {
  readonly userId: string;
  readonly serviceAccountId: string;
  readonly at: Date;
}

/**
 * What another service does, in the unlink's transaction, when a user stops
 * holding an account: autopay withdraws the notices it would still send them
 * of an enrolment of theirs that has lapsed with the link. The gateway wires
 * it: customers may not depend on autopay, which depends on customers.
 */
export type AccountUnlinked = (manager: EntityManager, unlinked: UnlinkedAccount) => Promise<void>;
