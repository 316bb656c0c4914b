import type { PaymentProcessor } from '@platform/processor';
import type { EntityManager } from 'typeorm';

/** How the payments service reaches its processor; from configuration, fixed for the process. */
export interface PaymentsSettings {
  readonly processor: PaymentProcessor;
  /** Where a browser sends card and bank details to get a token (the processor's hosted tokenization). */
  readonly tokenizeUrl: string;
  /**
   * The processor's hosted payment form (GET, framed by the page): it
   * tokenizes at the processor and hands the page only the token, so the
   * page never holds a card or bank number (PCI SAQ A).
   */
  readonly hostedFieldsUrl: string;
}

/**
 * Whether another service still charges a saved method (autopay), asked in
 * the tenant transaction that removes the method, with its row held FOR
 * UPDATE: a service that writes a charge on a method holds the row first
 * (holdSavedMethod), so the answer cannot go stale before the removal
 * commits. Payments reads no other service's tables, so the gateway, which
 * builds both, hands in that service's own answer.
 */
export type MethodInUse = (manager: EntityManager, savedMethodId: string) => Promise<boolean>;

/**
 * What another service does when a saved card is renewed in place (the same
 * card saved again with a later expiry keeps its id: see savePaymentMethod),
 * in the tenant transaction that renews it: autopay withdraws its warning,
 * not yet sent, that the card expires before the deduction.
 */
export type MethodRenewed = (manager: EntityManager, savedMethodId: string) => Promise<void>;

/** What the payments module is built with: its processor settings, the key guests' receipt tokens are signed with, and who else charges a saved method. */
export interface PaymentsModuleSettings extends PaymentsSettings {
  readonly receiptSecret: Uint8Array;
  readonly methodInUse?: MethodInUse;
  readonly methodRenewed?: MethodRenewed;
}
