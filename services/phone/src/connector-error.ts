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
 */
const CARD_FAULTS: ReadonlySet<string> = new Set([
  // A field the caller keyed (packages/processor-sandbox/src/token-request.ts).
  'invalid_number',
  'card_brand_not_accepted',
  'invalid_expiry_month',
  'invalid_expiry_year',
  'card_expired',
  'invalid_cvc',
  'invalid_postal_code',
  'invalid_holder_name',
  // The card network or the bank said no.
  'generic_decline',
  'insufficient_funds',
  'expired_card',
  'processing_error',
  'invalid_account',
]);

/** Whether the connector's `error_code` is about the card the caller keyed, so that another card may go through; codes compared without case. */
export function isCardFault(connectorError: string): boolean {
  return CARD_FAULTS.has(connectorError.trim().toLowerCase());
}
