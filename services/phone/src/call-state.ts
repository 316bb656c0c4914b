import type { Locale } from '@platform/core';
import type { CardReadPlaces } from './card-read-places';

/** Where a call is: each step is one question the caller is answering. */
export const CALL_STEPS = ['LANGUAGE', 'ACCOUNT', 'LAST_PAYMENT', 'AMOUNT_MENU', 'OTHER_AMOUNT', 'METHOD', 'CARD', 'BANK', 'CARD_FAILED', 'CONFIRM', 'PAYING', 'DECLINED', 'RECEIPT', 'DONE'] as const;
export type CallStep = (typeof CALL_STEPS)[number];

/** Menus: a single key answers them, and 0 asks for customer service. */
export const MENU_STEPS: ReadonlySet<CallStep> = new Set(['LANGUAGE', 'AMOUNT_MENU', 'METHOD', 'CARD_FAILED', 'CONFIRM', 'DECLINED', 'RECEIPT']);

/**
 * What a call has gathered, kept in PostgreSQL between webhooks (JSON:
 * cents are decimal strings). Never a card number: the card is the
 * processor's token and what the provider tells of it (brand, last four).
 */
export interface CallState {
  readonly step: CallStep;
  readonly locale: Locale;
  /** The caller's number (callerNumber: one a text reaches); null when withheld. Where a receipt text goes. */
  readonly from: string | null;
  /** Failed account look-ups so far (three end the call). */
  readonly accountTries: number;
  /** Times in a row the caller pressed nothing. */
  readonly silences: number;
  /** Answers in a row the line could not take (three hand the caller over); absent in a call begun before it was kept. */
  readonly wrongAnswers?: number;
  readonly accountNumber?: string;
  /** Norman's second factor as the caller keyed it, in dollars ("84.20"). */
  readonly lastPaymentAmount?: string;
  /** The account verified (kept so what it owes now can be told when a payment of "the amount due" finds it changed). */
  readonly serviceAccountId?: string;
  readonly accountLast4?: string;
  /** What the account owes less its payments still with the processor, as last read. */
  readonly amountDueCents?: string;
  /** The part of it that is past due (to be paid now), as last read; absent in a call read before it was kept. */
  readonly pastDueCents?: string;
  /** When the amount due falls due: null when part of it is past due (billing's amountDueTerms). */
  readonly dueDate?: string | null;
  readonly disconnected?: boolean;
  /**
   * A payment of the account was still with the processor when the amount due was last read (a second phone in the
   * house, say): the amount due leaves it out, and billing counts it only once the processor takes it, so paying the
   * amount due requests no restoration until then. Absent in a call read before it was kept.
   */
  readonly paymentUnanswered?: boolean;
  /**
   * The account was closed when the amount due was last read (as the payment reads it): it takes no payment beyond what
   * it owes, whatever the city's rule on credit. Absent in a call read before it was kept (the payment still refuses).
   */
  readonly accountClosed?: boolean;
  /** What the caller chose to pay. */
  readonly amountCents?: string;
  /** The caller chose "the amount due" (rather than keying an amount): it is charged only while it still is (payments' `paysAmountDue`). */
  readonly paysAmountDue?: boolean;
  /**
   * How the caller chose to pay, where the city takes e-checks and the caller was asked (METHOD): a bank account is
   * collected by `<Pay paymentMethod="ach-debit">` (BANK) and charged as an e-check. Absent: a card, as before the choice.
   */
  readonly paysBy?: 'CARD' | 'BANK_ACCOUNT';
  /** The card, or with `paysBy` BANK_ACCOUNT the bank account (its brand empty): the processor's token and last four. */
  readonly card?: { readonly token: string; readonly brand: string; readonly last4: string };
  /**
   * The account holder's name as billing has it: an ACH debit names its receiver, and `<Pay>` collects only the two
   * numbers, so the bank `<Pay>` hands it to the processor as its `holder_name` parameter.
   */
  readonly holderName?: string;
  /**
   * At CARD and BANK: the places the `<Pay>` asked holds under payments' decline limits while it is keyed, kept if its
   * bank declines the card and given back otherwise (card-read-places.ts). Absent in a call asked before they were held.
   */
  readonly cardReadPlaces?: CardReadPlaces;
  /** The cards and bank accounts this call has asked for (`<Pay>`s), whatever became of them; absent in a call begun before it was kept. */
  readonly cardsAsked?: number;
  /**
   * The total read to the caller at CONFIRM (amount and the city's fee then), in cents: the payment is made at that
   * total or not at all. Absent in a call that reached CONFIRM before it was kept (the fee is then the city's now).
   */
  readonly quotedTotalCents?: string;
  /** Payment attempts (a decline starts the next); part of the payment's idempotency key. */
  readonly attempt: number;
  /** Payments declined on this call: the card-testing limits count them (a limit reached after one is theirs). */
  readonly declines?: number;
  /** Of those, the bank accounts' (declined, or unknown to their bank): a caller declined is told what was refused. */
  readonly bankDeclines?: number;
  /** At PAYING: how many times the caller has been asked to hold while the processor answers. */
  readonly holds?: number;
  readonly payment?: {
    readonly id: string;
    readonly confirmationNumber: string;
    /** What was charged, fee included. */
    readonly totalCents: string;
    readonly postingDate: string;
    /** Charged (CAPTURED, AUTHORIZED); false while the processor's answer is being confirmed. */
    readonly confirmed: boolean;
    readonly paysFullBalance: boolean;
    /** An e-check: the receipt says its bank may still return it. Absent in a call paid before it was kept (cards only then). */
    readonly echeck?: boolean;
  };
  readonly textSent?: boolean;
  /**
   * The caller's number refuses the city's texts (it answered STOP), as read when the payment was told or 2 was
   * pressed: no text is offered or promised (delivery would hold it back), and 2 reads the confirmation number again.
   */
  readonly textsRefused?: boolean;
  /**
   * The nonce the action URLs of the call's latest answer carry (call-binding.ts): the next webhook must bring it. Absent
   * in a call begun before it was kept.
   */
  readonly actionNonce?: string;
}
