/** Why a message was given up on or never attempted; kept on the row as `failure_reason`. */
export type FailureReason =
  /** The server refused it for good (5xx). */
  | 'REJECTED'
  /** The server refused the address for good (at RCPT TO, or 5.1.x / 5.2.1): the address is marked undeliverable. */
  | 'BOUNCED'
  /** Not an address at all; never sent. */
  | 'INVALID_ADDRESS'
  /** Every allowed attempt failed for a temporary reason. */
  | 'TOO_MANY_ATTEMPTS'
  /** Not attempted: the address bounced before. */
  | 'ADDRESS_UNDELIVERABLE'
  /** Not attempted: the resident switched this kind of message off. */
  | 'UNSUBSCRIBED'
  /** Not attempted: what it says is no longer so (the receipt of a payment voided before it went out). */
  | 'WITHDRAWN'
  /** Not attempted: the city's template or data cannot make this message (a bug; see last_error). */
  | 'RENDER_FAILED'
  /** Not attempted: a text, and the platform has no SMS provider configured. */
  | 'NO_SMS_PROVIDER';

/** What one attempt to hand a message to its provider came to. Failures are values: they are expected. */
export type SendOutcome =
  | { readonly kind: 'SENT'; readonly providerMessageId: string | null }
  /** Try again later (SMTP 4xx, connection refused or cut, timeout). */
  | { readonly kind: 'TEMPORARY'; readonly error: string }
  /** Never try again. */
  | { readonly kind: 'PERMANENT'; readonly reason: FailureReason; readonly error: string };
