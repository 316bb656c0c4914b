import type { TenantContext } from '@platform/api';
import type { FieldPath, Result } from '@platform/core';
import type { EntityManager } from 'typeorm';

/** A resident's online account being closed, `at` the closing's time. */
export interface ClosingAccount {
  readonly userId: string;
  readonly at: Date;
}

/**
 * What other services do when a resident's online account closes. The gateway wires them: autopay and payments
 * depend on customers, so customers may depend on neither.
 */
export interface AccountClosingSteps {
  /**
   * Payments': before the closing's transaction, deletes the resident's saved methods at the processor. A refusal
   * (the processor not answering, at `field`) stops the closing with nothing written; the resident asks again.
   */
  readonly removeSavedMethods: (ctx: TenantContext, userId: string, field: FieldPath) => Promise<Result<true>>;
  /** Payments': in the closing's transaction, takes the resident's saved methods out of the wallet. */
  readonly emptyWallet: (manager: EntityManager, closing: ClosingAccount) => Promise<void>;
  /**
   * Autopay's: in the closing's transaction, cancels the enrolments the resident made, as their own cancellation does;
   * answers the accounts (by number) whose autopay stopped.
   */
  readonly enrollerClosed: (manager: EntityManager, closing: ClosingAccount) => Promise<readonly string[]>;
}
