import type { MethodKind } from './methods-taken';

/*
 * The guest payment's state between steps, kept in the tab's sessionStorage so
 * a reload mid-flow loses nothing. Only what the person typed on the portal's
 * own page or the API answered goes here: never a card or bank number (those
 * live in the processor's frame). The processor's token is kept only while a
 * payment sent with it has no answer (SentAttempt): the retry must be the same
 * request under the same key for the API to answer with the payment it
 * recorded, and a new token would make it a different one. The tab's storage
 * ends with the tab.
 */

/** An account found by its number (and last payment amount, where the city asks). */
export interface AccountTarget {
  readonly kind: 'ACCOUNT';
  readonly accountNumber: string;
  /** Norman's second proof; null where the city asks only the number. */
  readonly lastPaymentAmount: string | null;
  readonly maskedName: string;
  readonly maskedAddress: string;
  readonly status: string;
  readonly dueDate: string | null;
  readonly amountDue: MoneyShown;
  /**
   * What is past due and no payment under way covers (the API's pastDueNow): once one covers it, the account is not
   * said to be behind. Named as it was, so a flow kept by a tab before pastDueNow still reads.
   */
  readonly pastDue: MoneyShown;
  readonly pending: MoneyShown;
}

/** What a guest may find by its number and pay on its own: a citation, or another charge the city takes (kind OTHER). */
export type PayableMode = 'CITATION' | 'OTHER';

/** A citation (or another payable) found by its number, paid on its own. */
interface PayableTarget {
  readonly kind: 'PAYABLE';
  /** What it is, for the words the pages use of it; absent in a flow a tab kept from before it was kept: a citation. */
  readonly payableKind?: PayableMode;
  readonly payableId: string;
  readonly referenceNumber: string;
  readonly description: string | null;
  readonly maskedName: string;
  readonly dueDate: string;
  readonly amountDue: MoneyShown;
}

export type PayTarget = AccountTarget | PayableTarget;

/**
 * What an attempt was sent with, from the moment Pay sends it until its
 * answer is read. Still here after that moment, the answer was lost (a
 * network error, or a reload while it was on its way): whether the payer was
 * charged is unknown, so what is paid and how stay as sent, and the only way
 * on is the same request again under the same key.
 */
export interface SentAttempt {
  /** The method as sent: the processor's one-use token, or a saved method's id. */
  readonly source: { readonly token: string } | { readonly savedMethodId: string };
  /** How the method reads ("Visa ending 4242"). */
  readonly method: { readonly kind: string; readonly brand: string | null; readonly last4: string };
  /**
   * The total the page showed at Pay (the API's decimal string), sent as
   * makePayment's confirmedTotal: a retry sends it again, as it does the key,
   * so it stays the same request. Absent from an attempt a page kept from
   * before it sent one.
   */
  readonly confirmedTotal?: string;
  /**
   * A retry under the key was refused as a different request
   * (IDEMPOTENCY_KEY_REUSED): the first may have been charged, and only the
   * payer, told so, may start a new payment.
   */
  readonly inDoubt?: true;
}

/** Money as the API wrote it: exact cents (a string) and the localized text. */
interface MoneyShown {
  readonly cents: string;
  readonly formatted: string;
}

export type GuestFlow =
  | { readonly step: 'home' }
  | {
      readonly step: 'find';
      readonly mode: 'ACCOUNT' | PayableMode;
      /** What step 1 had, when the payer comes Back from step 2: the form shows it again rather than blank. */
      readonly number?: string;
      readonly lastPayment?: string;
    }
  | {
      readonly step: 'amount';
      readonly target: PayTarget;
      readonly amount: string;
      readonly email: string;
      /** What the API refused at Pay about the amount or the email, shown at those fields. */
      readonly refused?: { readonly amount?: string; readonly email?: string };
    }
  | {
      readonly step: 'method';
      readonly target: PayTarget;
      readonly amount: string;
      readonly email: string;
      readonly methodKind: MethodKind;
      /** Made once per attempt: a double click, a retry after a network error or a reload sends the same one; a decline makes a new one. */
      readonly attemptKey: string;
      /** Set while the attempt under attemptKey is sent and not answered (see SentAttempt). */
      readonly sent?: SentAttempt;
    }
  | {
      readonly step: 'receipt';
      readonly confirmationNumber: string;
      readonly receiptToken: string;
      /**
       * The account paid was disconnected: the receipt follows its restoration, read from the payment by its receipt
       * token (never by proving the account again: a last payment amount stops proving it once this payment posts).
       */
      readonly restoration: boolean;
    };

const storageKey = (tenant: string) => `portal.guestPay.${tenant}`;

export function loadFlow(storage: Storage | null, tenant: string): GuestFlow {
  try {
    const raw = storage?.getItem(storageKey(tenant));
    const parsed = raw ? (JSON.parse(raw) as { step?: unknown }) : null;
    return parsed && typeof parsed.step === 'string' && STEPS.includes(parsed.step) ? (parsed as GuestFlow) : { step: 'home' };
  } catch {
    return { step: 'home' };
  }
}

export function saveFlow(storage: Storage | null, tenant: string, flow: GuestFlow): void {
  try {
    if (flow.step === 'home') storage?.removeItem(storageKey(tenant));
    else storage?.setItem(storageKey(tenant), JSON.stringify(flow));
  } catch {
    // Storage full or refused: the flow still works, it just will not survive a reload.
  }
}

const STEPS: readonly string[] = ['home', 'find', 'amount', 'method', 'receipt'];

/** A confirmation number in groups of its characters, for reading aloud: "K7QM-4XPD" -> ["K 7 Q M", "4 X P D"]. */
export function spokenGroups(confirmationNumber: string): string[] {
  return confirmationNumber.split('-').map((group) => group.split('').join(' '));
}

/** A new attempt key; the API takes any string unique per intended payment. */
export function newAttemptKey(): string {
  return `portal-${crypto.randomUUID()}`;
}
