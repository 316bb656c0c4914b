import { translate, type Locale } from './i18n';

/** Why a card holder disputed a payment with their bank, as the processor client names it (@platform/processor's DisputeReason). */
export const DISPUTE_REASON_CODES = ['FRAUDULENT', 'DUPLICATE', 'PRODUCT_NOT_RECEIVED', 'CREDIT_NOT_PROCESSED', 'SUBSCRIPTION_CANCELED', 'GENERAL'] as const;
type DisputeReasonCode = (typeof DISPUTE_REASON_CODES)[number];

const isDisputeReason = (text: string): text is DisputeReasonCode => (DISPUTE_REASON_CODES as readonly string[]).includes(text);

/**
 * A dispute's reason as a person reads it: the payment's history and the ledger store the code (in their English
 * sentence), and both read it back in the reader's language. A code this version does not know is shown as is.
 */
export function disputeReasonLabel(reason: string, locale: Locale): string {
  return isDisputeReason(reason) ? translate(locale, `payment.disputeReason.${reason}`) : reason;
}
