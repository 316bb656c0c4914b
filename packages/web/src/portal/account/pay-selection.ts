import { newAttemptKey, type SentAttempt } from '../guest-flow';

/*
 * What a registered resident chose to pay (which linked accounts, how much
 * each) and the attempt's key, kept in the tab's sessionStorage between the
 * accounts page and the payment page, so a reload loses nothing and a retry
 * sends the same key. Never a card or bank number; a token only while a
 * payment sent with it has no answer (SentAttempt, as the guest's flow).
 */

export interface PayLine {
  readonly serviceAccountId: string;
  readonly accountNumber: string;
  /** Dollars as the API takes them, e.g. "85.85". */
  readonly amount: string;
}

export interface PaySelection {
  readonly lines: readonly PayLine[];
  /** One per attempt: a double click, a retry after a network error or a reload sends the same; a decline makes a new one. */
  readonly attemptKey: string;
  /** Set while the attempt under attemptKey is sent and not answered (see SentAttempt). */
  readonly sent?: SentAttempt;
}

const storageKey = (tenant: string) => `portal.accountPay.${tenant}`;

function tabStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function loadSelection(tenant: string): PaySelection | null {
  try {
    const raw = tabStorage()?.getItem(storageKey(tenant));
    const parsed = raw ? (JSON.parse(raw) as Partial<PaySelection>) : null;
    return parsed && Array.isArray(parsed.lines) && typeof parsed.attemptKey === 'string' ? (parsed as PaySelection) : null;
  } catch {
    return null;
  }
}

export function saveSelection(tenant: string, selection: PaySelection | null): void {
  try {
    if (selection) tabStorage()?.setItem(storageKey(tenant), JSON.stringify(selection));
    else tabStorage()?.removeItem(storageKey(tenant));
  } catch {
    // Storage refused: the payment still works, it just will not survive a reload.
  }
}

/**
 * A new payment of `lines` under a new key, unless an attempt already sent
 * has no answer: that one stays, for the payment page to settle before
 * anything else is paid (a new key for it could charge twice).
 */
export function startSelection(tenant: string, lines: readonly PayLine[]): void {
  if (loadSelection(tenant)?.sent) return;
  saveSelection(tenant, { lines, attemptKey: newAttemptKey() });
}
