import type { PaymentsSettings } from '@platform/payments';

/** How autopay reaches the processor (through the payments service), fixed for the process. */
export interface AutopaySettings {
  readonly payments: PaymentsSettings;
  /**
   * Charges a run has in flight at once. Each holds at most one app-role
   * connection at a time, shared with requests and other jobs. Default 4.
   */
  readonly concurrency?: number;
}

export const DEFAULT_RUN_CONCURRENCY = 4;
