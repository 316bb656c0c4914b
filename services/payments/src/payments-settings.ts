import type { PaymentProcessor } from '@platform/processor';

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

/** What the payments module is built with: its processor settings and the key guests' receipt tokens are signed with. */
export interface PaymentsModuleSettings extends PaymentsSettings {
  readonly receiptSecret: Uint8Array;
}
