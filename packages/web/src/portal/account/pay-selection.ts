import { newAttemptKey, type SentAttempt } from '../guest-flow';

/*
 * What a registered resident chose to pay (which linked accounts, how much
 * each) and the attempt's key, kept in the tab's sessionStorage between the
 * accounts page and the payment page, so a reload loses nothing and a retry
 * sends the same key. Never a card or bank number; a token only while a
 * payment sent with it has no answer (SentAttempt, as the guest's flow).
 * Kept per resident: on a shared computer the next one to sign in in the tab
 * never finds the last one's payment (their accounts, their card), and the
 * same resident signing in again after their session ended still finds an
 * unanswered one to settle. Signing out forgets it.
 */

/** Whose selection: a signed-in resident of a city. */
export interface Payer {
  readonly tenant: string;
  readonly userId: string;
}

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

const storageKey = (payer: Payer) => `portal.accountPay.${payer.tenant}.${payer.userId}`;

function tabStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function loadSelection(payer: Payer): PaySelection | null {
  try {
    const raw = tabStorage()?.getItem(storageKey(payer));
    const parsed = raw ? (JSON.parse(raw) as Partial<PaySelection>) : null;
    return parsed && Array.isArray(parsed.lines) && typeof parsed.attemptKey === 'string' ? (parsed as PaySelection) : null;
  } catch {
    return null;
  }
}

export function saveSelection(payer: Payer, selection: PaySelection | null): void {
  try {
    if (selection) tabStorage()?.setItem(storageKey(payer), JSON.stringify(selection));
    else tabStorage()?.removeItem(storageKey(payer));
  } catch {
    // Storage refused: the payment still works, it just will not survive a reload.
  }
}

/**
 * A new payment of `lines` under a new key, unless an attempt already sent
 * has no answer: that one stays, for the payment page to settle before
 * anything else is paid (a new key for it could charge twice).
 */
export function startSelection(payer: Payer, lines: readonly PayLine[]): void {
  if (loadSelection(payer)?.sent) return;
  saveSelection(payer, { lines, attemptKey: newAttemptKey() });
}
