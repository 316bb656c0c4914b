import type { PhoneProvider } from './phone-settings';

/*
 * What `<Pay>` posts to its action, in the names the line reads: Twilio's (its TwiML `<Pay>` documentation):
 * - `Result`: success, caller-interrupted-with-star, caller-hung-up, too-many-failed-attempts, payment-connector-error,
 *   validation-error, internal-error;
 * - `PaymentToken` (the connector's token), `PaymentCardNumber` (masked, its last four shown), `PaymentCardType`
 *   (visa, mastercard, amex, discover, ...), `ConnectorError` (the connector's error code), `PaymentError`,
 *   `PayErrorCode`, `PaymentMethod` (credit-card, ach-debit).
 * SignalWire's cXML `<Pay>` posts the same names. Telnyx's TeXML `<Pay>` posts a normalized `PayResult` beside the raw
 * `Result`, and its result fields as its Pay webhooks name them (call.payment.completed): the token of a tokenize
 * transaction is `TokenId` (`token_id`), the result of a session the caller stopped is `cancelled` (Twilio's star), and
 * its results are otherwise Twilio's (success, payment-connector-error, internal-error, too-many-failed-attempts). Its
 * `ConnectorError` may be the processor's error as a JSON object rather than a code: its `code` (or `error_code`) is
 * the code.
 */

/** The results Telnyx names otherwise than Twilio, by Telnyx's name. */
const TELNYX_RESULTS: Readonly<Record<string, string>> = { cancelled: 'caller-interrupted-with-star', canceled: 'caller-interrupted-with-star' };

/** `<Pay>`'s action `params` as `provider` posted them, with the fields the line reads under Twilio's names. */
export function payResultFields(provider: PhoneProvider, params: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (provider !== 'telnyx') return params;
  const result = (params.PayResult ?? params.Result ?? '').trim().toLowerCase();
  const token = params.PaymentToken ?? params.TokenId;
  const connectorError = params.ConnectorError === undefined ? undefined : connectorErrorCode(params.ConnectorError);
  return {
    ...params,
    Result: TELNYX_RESULTS[result] ?? result,
    ...(token === undefined ? {} : { PaymentToken: token }),
    ...(connectorError === undefined ? {} : { ConnectorError: connectorError }),
  };
}

/** A connector error as Telnyx may post it: a code, or the processor's error as JSON with its code in `code` or `error_code`. */
function connectorErrorCode(written: string): string {
  if (!written.trimStart().startsWith('{')) return written;
  try {
    const parsed = JSON.parse(written) as Record<string, unknown>;
    const code = parsed.code ?? parsed.error_code;
    return typeof code === 'string' || typeof code === 'number' ? String(code) : '';
  } catch {
    return written;
  }
}
