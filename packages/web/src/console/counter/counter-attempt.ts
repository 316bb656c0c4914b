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
  readonly account: Account;
  readonly amount: string;
  readonly method: 'CASH' | 'CHECK';
  readonly checkNumber: string;
  readonly receivedBy: string;
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
    return parsed && typeof parsed.key === 'string' && parsed.account ? (parsed as UnconfirmedCounterPayment<Account>) : null;
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
