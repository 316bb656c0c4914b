import { translate, type Locale } from './i18n';

/** Why a bank sent back a paper check taken at the counter, as staff record it from the bank's notice. */
export const CHECK_RETURN_REASONS = ['INSUFFICIENT_FUNDS', 'ACCOUNT_CLOSED', 'STOP_PAYMENT', 'OTHER'] as const;
export type CheckReturnReason = (typeof CHECK_RETURN_REASONS)[number];

const isCheckReturnReason = (text: string): text is CheckReturnReason => (CHECK_RETURN_REASONS as readonly string[]).includes(text);

/**
 * A returned check's reason as a person reads it: the payment's history and the ledger store the code (in their
 * English sentence), and both read it back in the reader's language. A code this version does not know is shown as is.
 */
export function checkReturnReasonLabel(reason: string, locale: Locale): string {
  return isCheckReturnReason(reason) ? translate(locale, `payment.checkReturnReason.${reason}`) : reason;
}
