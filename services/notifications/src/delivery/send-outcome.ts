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
  /** Still refused by the relay (a RELAY_UNAVAILABLE outcome) the delivery's `relayGiveUpMs` or more after it was queued. */
  | 'RELAY_UNAVAILABLE'
  /** Not attempted: its one-time link or code had expired before it could go (it would not have worked). */
  | 'EXPIRED'
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
  /** Try again later (SMTP 4xx, a timeout): this message's attempt failed, and counts toward the delivery's `maxAttempts`. */
  | { readonly kind: 'TEMPORARY'; readonly error: string }
  /**
   * The relay (the SMTP server, or Twilio for texts) takes nothing from the
   * platform as it is set up now: it refused the sender, the login or the
   * platform itself, or could not be reached. Not this message's doing, and
   * the city's next message would fare the same: waited out without
   * spending an attempt, until the relay is fixed or the message is too old.
   */
  | { readonly kind: 'RELAY_UNAVAILABLE'; readonly error: string }
  /** Never try again. */
  | { readonly kind: 'PERMANENT'; readonly reason: FailureReason; readonly error: string };
