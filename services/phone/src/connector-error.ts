import type { MessageKey } from '@platform/core';

/**
 * The processor's Generic Pay Connector answers `<Pay>` with an `error_code`
 * (Twilio's action reports it as `ConnectorError`) both when the card is at
 * fault and when the connector is: credentials the provider holds that it no
 * longer takes (`invalid_credentials`), a processor that timed out behind it,
 * a request it could not read, or only an HTTP status. Only the first kind is
 * the caller's to fix with another card; the second refuses every card of
 * every caller alike. So a code is a card's fault only when it is one of these,
 * the connector's refusals of a field the caller keyed and the processor's
 * declines (packages/processor's DeclineCode); any other code, or one this
 * list has not learnt yet, is told as the processor being unavailable, never
 * as a refused card.
 *
 * Each card fault is told as what the caller can act on: told only that the
 * processor "did not accept that card", a caller whose card had expired keyed
 * it again, and one who slipped a digit of the security code gave up on a
 * good card.
 */
const CARD_FAULTS: ReadonlyMap<string, MessageKey> = new Map<string, MessageKey>([
  // A field the caller keyed (packages/processor-sandbox/src/token-request.ts).
  ['invalid_number', 'phone.cardNumberInvalid'],
  ['card_brand_not_accepted', 'phone.cardTypeNotAccepted'],
  ['invalid_expiry_month', 'phone.cardExpiryInvalid'],
  ['invalid_expiry_year', 'phone.cardExpiryInvalid'],
  ['card_expired', 'phone.cardExpired'],
  ['invalid_cvc', 'phone.cardCodeInvalid'],
  ['invalid_postal_code', 'phone.cardPostalInvalid'],
  ['invalid_holder_name', 'phone.cardRefused'],
  // The card network or the bank said no: as a decline of the charge says it.
  ['generic_decline', 'payment.declined'],
  ['insufficient_funds', 'payment.insufficientFunds'],
  ['expired_card', 'phone.cardExpired'],
  ['processing_error', 'payment.processingError'],
  ['invalid_account', 'phone.cardRefused'],
]);

/**
 * The same for a bank account (`<Pay paymentMethod="ach-debit">`): the numbers the caller keyed, which the connector
 * refuses before any bank is asked, and the holder's name billing has, which the line sends (holderNameForProcessor)
 * and the processor may still refuse: that refuses this caller's every bank account, not everyone's, and a card needs
 * no name, so the caller is told so and offered the card. An account type refused is the line's doing for every
 * caller, and is told as the processor being unavailable, as any other code is.
 */
const BANK_FAULTS: ReadonlyMap<string, MessageKey> = new Map<string, MessageKey>([
  ['invalid_routing_number', 'phone.bankRoutingInvalid'],
  ['invalid_account_number', 'phone.bankAccountNumberInvalid'],
  ['invalid_holder_name', 'phone.bankHolderNameRefused'],
]);

/**
 * What the caller hears of the connector's `error_code` when it is about the card they keyed, so that another card
 * (or the same, keyed again) may go through; null when it is not the card's fault. Codes compared without case.
 */
export function cardFaultOf(connectorError: string): MessageKey | null {
  return CARD_FAULTS.get(connectorError.trim().toLowerCase()) ?? null;
}

/**
 * The card network's or the bank's own declines among CARD_FAULTS (nothing keyed wrong): told as a decline at the
 * charge is, with the same choice after it (another card, or the bank account where the city takes e-checks).
 */
const CARD_DECLINES: ReadonlySet<string> = new Set(['generic_decline', 'insufficient_funds', 'expired_card', 'processing_error', 'invalid_account']);

/** Whether the connector's `error_code` is the card's bank declining it, as a declined charge is. Without case. */
export function isCardDecline(connectorError: string): boolean {
  return CARD_DECLINES.has(connectorError.trim().toLowerCase());
}

/** What the caller hears of the connector's `error_code` when it is about the bank account numbers they keyed; null when it is not theirs to fix. */
export function bankFaultOf(connectorError: string): MessageKey | null {
  return BANK_FAULTS.get(connectorError.trim().toLowerCase()) ?? null;
}
