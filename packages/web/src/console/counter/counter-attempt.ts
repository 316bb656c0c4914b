/**
 * One idempotency key per attempt at recording a payment: made on the first
 * press of Record, reused by every press (and retry) until the payment is
 * recorded or the form changes, so a double click records one payment.
 */
export class CounterAttempt {
  constructor(private key: string | null = null) {}

  /** The key of the attempt under way, made now if there is none. */
  keyForSubmit(): string {
    this.key ??= crypto.randomUUID();
    return this.key;
  }

  /** The form changed or the payment was recorded: the next press is a new attempt. */
  reset(): void {
    this.key = null;
  }
}

/**
 * A press of Record whose answer was lost: its key and everything it was
 * sent with. Kept in the tab's sessionStorage, per city, until an answer says
 * what happened, so leaving the page (to look at the board) or reloading it
 * brings the same attempt back, held as sent: a form filled in again would
 * be a new key, and the same cash recorded twice.
 */
export interface UnconfirmedCounterPayment<Account> {
  readonly key: string;
  /**
   * The signed-in staff member whose press it was. Clerks share the counter's computer, and the attempt outlives a
   * sign-out (the cash is in the drawer either way), so the next clerk is told whose payment may be recorded already.
   * Null for an attempt kept before this was.
   */
  readonly by: CounterClerk | null;
  readonly account: Account;
  readonly amount: string;
  readonly method: 'CASH' | 'CHECK';
  readonly checkNumber: string;
  readonly receivedBy: string;
  /** Cash: the cash handed over as typed (part of the request under the key); absent in an attempt kept before it was. */
  readonly cashReceived?: string;
}

/** A staff member as the console's session names them. */
export interface CounterClerk {
  readonly id: string;
  readonly name: string;
}

const storageKey = (tenant: string) => `console.counter.unconfirmed:${tenant}`;

function tabStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function loadUnconfirmed<Account>(tenant: string): UnconfirmedCounterPayment<Account> | null {
  try {
    const raw = tabStorage()?.getItem(storageKey(tenant));
    const parsed = raw ? (JSON.parse(raw) as Partial<UnconfirmedCounterPayment<Account>>) : null;
    if (!parsed || typeof parsed.key !== 'string' || !parsed.account) return null;
    const by = parsed.by && typeof parsed.by.id === 'string' && typeof parsed.by.name === 'string' ? parsed.by : null;
    return { ...(parsed as UnconfirmedCounterPayment<Account>), by };
  } catch {
    return null;
  }
}

export function keepUnconfirmed<Account>(tenant: string, sent: UnconfirmedCounterPayment<Account>): void {
  try {
    tabStorage()?.setItem(storageKey(tenant), JSON.stringify(sent));
  } catch {
    // Storage refused (private mode): the attempt is held while the page stays open only.
  }
}

export function forgetUnconfirmed(tenant: string): void {
  try {
    tabStorage()?.removeItem(storageKey(tenant));
  } catch {
    // Nothing was kept.
  }
}
