/** How the delivery worker behaves; from the gateway's configuration (NOTIFICATION_* variables). */
export interface DeliverySettings {
  /** The gateway's public address, e.g. https://billing.example.com: links in messages point at its pages. */
  readonly publicUrl: string;
  /**
   * HMAC key of the one-click unsubscribe links in optional emails
   * (UNSUBSCRIBE_TOKEN_SECRET); every instance needs the same one, and
   * changing it voids the links already sent.
   */
  readonly unsubscribeSecret: Uint8Array;
  /** Sender address for cities that set none of their own; its domain names every email's Message-ID (messageIdFor). */
  readonly defaultFromAddress: string;
  /** Attempts (a crashed one included) before a message that keeps failing for a temporary reason is FAILED. */
  readonly maxAttempts: number;
  /** Wait after the first temporary failure; doubled after each next one, up to `retryMaxMs`. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /**
   * How long after it was queued a message the relay refuses (RELAY_UNAVAILABLE: the relay refused the sender,
   * the login or the platform, or could not be reached) is given up on: FAILED, RELAY_UNAVAILABLE. Until then the
   * relay's refusals spend none of its attempts.
   */
  readonly relayGiveUpMs: number;
  /**
   * How long a claim lasts. A worker that dies mid-send leaves its messages
   * claimed until then; another worker takes them after. A live worker cuts
   * a send (an email's or a text's) off shortly before its claim lapses, so
   * a slow send is never doubled.
   */
  readonly claimMs: number;
  /**
   * How long one send may need (for SMTP: connect, greeting and reply, each
   * up to the timeout). A claimed message is begun only while that much of
   * the claim is left; otherwise it is handed back unsent, so a message late
   * in a slow batch is not begun only to be cut off at its claim's end.
   */
  readonly sendTimeoutMs: number;
  /** Messages one worker claims at a time, per city. */
  readonly batchSize: number;
  /** Messages one worker sends at once. */
  readonly concurrency: number;
  /** A pass stops claiming after this long, so one job never runs for ever; the next wake continues. */
  readonly passBudgetMs: number;
  /** How often each instance looks for due messages (retries, missed NOTIFYs), besides being woken by inserts. */
  readonly pollIntervalMs: number;
}

/** Wait before attempt `attempts + 1`, after `attempts` attempts failed for a temporary reason: exponential, capped, with ±20% jitter so retries spread. */
export function retryDelayMs(settings: Pick<DeliverySettings, 'retryBaseMs' | 'retryMaxMs'>, attempts: number, random: number = Math.random()): number {
  const exponential = settings.retryBaseMs * 2 ** Math.max(0, attempts - 1);
  return jittered(Math.min(settings.retryMaxMs, exponential), random);
}

/**
 * Wait before trying again a message the relay refused, `waitedMs` after it was queued: as long as it has waited,
 * between `retryBaseMs` and `retryMaxMs` (as Postfix backs off deferred mail), so the wait doubles with no count of
 * the refusals, which spend no attempt; ±20% jitter.
 */
export function relayRetryDelayMs(settings: Pick<DeliverySettings, 'retryBaseMs' | 'retryMaxMs'>, waitedMs: number, random: number = Math.random()): number {
  return jittered(Math.min(settings.retryMaxMs, Math.max(settings.retryBaseMs, waitedMs)), random);
}

function jittered(ms: number, random: number): number {
  return Math.round(ms * (0.8 + 0.4 * random));
}
