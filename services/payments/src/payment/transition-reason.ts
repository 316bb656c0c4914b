import { checkReturnReasonLabel, disputeReasonLabel, formatMoney, money, translate, type Locale, type MessageKey } from '@platform/core';
import type { DeclineCode } from '@platform/processor';
import type { PaymentStatus } from './payment.state';

/*
 * Why a payment, or one of its refunds and voids, moved to a status. Code
 * names its reason as a TransitionReason; the history stores it as the
 * English sentence reasonText writes, so the table reads on its own, and
 * reasonLabel finds the sentence again to say it in the request's language.
 * Rows stored before reasons were typed hold the same sentences (and a few
 * older ones, kept below), so they are labelled too. What staff typed (a
 * refund's or a void's reason) is stored, and shown, as written.
 */

/** Why the processor gave no answer (the processor client's UNKNOWN reasons). */
type Silence = 'TIMEOUT' | 'NETWORK' | 'SERVER_ERROR' | 'REFUSED';

/** A refund or void the processor carried out. */
type Done = 'refunded' | 'voided';

/** The payment a refund or void carried out no longer fits, as it stood. */
interface Unfit {
  readonly status: PaymentStatus;
  readonly refundedCents: bigint;
  readonly totalCents: bigint;
}

export type TransitionReason =
  | { readonly kind: 'PAYMENT_MADE' }
  | { readonly kind: 'CARD_CHARGED' }
  | { readonly kind: 'ECHECK_ACCEPTED' }
  | { readonly kind: 'NO_ANSWER'; readonly silence: Silence }
  /** The payer's card or bank said no; `message` is the processor's. */
  | { readonly kind: 'DECLINED'; readonly code: DeclineCode; readonly message: string }
  /** The processor refused the request itself; `code` and `message` are its own. */
  | { readonly kind: 'REFUSED'; readonly code: string; readonly message: string }
  | { readonly kind: 'NO_CHARGE' }
  | { readonly kind: 'VOIDED_AT_PROCESSOR' }
  /** Given back in the processor's own dashboard, not through the platform: found since, recorded as the processor's. */
  | { readonly kind: 'REFUNDED_AT_PROCESSOR' }
  | { readonly kind: 'ECHECK_RETURNED'; readonly returnCode: string | null }
  | { readonly kind: 'POSTING_DAY' }
  | { readonly kind: 'POSTED_FOR_REFUND' }
  | { readonly kind: 'POSTED_AT_COUNTER' }
  | { readonly kind: 'RECEIVED_AT_COUNTER'; readonly checkNumber: string | null; readonly receivedBy: string }
  | { readonly kind: 'DONE'; readonly done: Done }
  | { readonly kind: 'VOIDED_AT_COUNTER' }
  /** A paper check taken at the counter, sent back by its bank, for the reason staff recorded (checkReturnReasonLabel). */
  | { readonly kind: 'CHECK_RETURNED'; readonly reason: string }
  /** The processor carried out a refund or void it had refused: `unfit` when the payment no longer takes it. */
  | { readonly kind: 'DONE_AFTER_ALL'; readonly done: Done; readonly unfit: Unfit | null }
  /**
   * The processor carried out a refund or void whose answer was awaited, but the payment no longer takes it: its
   * e-check came back from the bank meanwhile (a late return), so the money went back twice.
   */
  | { readonly kind: 'DONE_UNFIT'; readonly done: Done; readonly unfit: Unfit }
  /** The card holder disputed it with their bank, for the processor's reason (FRAUDULENT...), which took `amountCents` back. */
  | { readonly kind: 'DISPUTE_OPENED'; readonly reason: string; readonly amountCents: bigint }
  /** The network decided the dispute: won, the money came back; lost, it stays taken back. */
  | { readonly kind: 'DISPUTE_CLOSED'; readonly won: boolean; readonly amountCents: bigint }
  /** A staff member's own words. */
  | { readonly kind: 'STAFF'; readonly text: string };

/** The sentence stored for a reason. Each is matched again by a rule of READINGS: keep the two in step. */
export function reasonText(reason: TransitionReason): string {
  switch (reason.kind) {
    case 'PAYMENT_MADE':
      return 'payment made';
    case 'CARD_CHARGED':
      return 'card charged';
    case 'ECHECK_ACCEPTED':
      return 'e-check accepted, settling';
    case 'NO_ANSWER':
      return `processor did not answer: ${reason.silence}`;
    case 'DECLINED':
      return `declined ${reason.code}: ${reason.message}`;
    case 'REFUSED':
      return `${reason.code}: ${reason.message}`;
    case 'NO_CHARGE':
      return 'the processor has no charge for this payment';
    case 'VOIDED_AT_PROCESSOR':
      return 'voided at the processor';
    case 'REFUNDED_AT_PROCESSOR':
      return 'refunded at the processor';
    case 'ECHECK_RETURNED':
      return reason.returnCode ? `e-check returned ${reason.returnCode}` : 'e-check returned (no return code given)';
    case 'POSTING_DAY':
      return 'posting day';
    case 'POSTED_FOR_REFUND':
      return 'posted early: refund requested';
    case 'POSTED_AT_COUNTER':
      return 'counter payment: posted the day it is taken';
    case 'RECEIVED_AT_COUNTER':
      return `${reason.checkNumber === null ? 'cash' : `check #${reason.checkNumber}`} received at the counter by ${reason.receivedBy}`;
    case 'DONE':
      return reason.done;
    case 'VOIDED_AT_COUNTER':
      return 'voided by the city: no processor holds a counter payment';
    case 'CHECK_RETURNED':
      return `check returned by its bank: ${reason.reason}`;
    case 'DONE_AFTER_ALL': {
      const { done, unfit } = reason;
      if (!unfit) return `${done} after all: a copy of the request went through after the refusal`;
      return `${done} after all, but the payment (${unfit.status}, ${unfit.refundedCents} of ${unfit.totalCents} cents refunded) no longer takes it: settle it by hand`;
    }
    case 'DONE_UNFIT': {
      const { done, unfit } = reason;
      return `${done}, but the payment (${unfit.status}, ${unfit.refundedCents} of ${unfit.totalCents} cents refunded) no longer takes it: settle it by hand`;
    }
    case 'DISPUTE_OPENED':
      return `disputed with the card's bank: ${reason.reason}, ${reason.amountCents} cents taken back`;
    case 'DISPUTE_CLOSED':
      return reason.won ? `dispute won: ${reason.amountCents} cents restored` : `dispute lost: ${reason.amountCents} cents stay taken back`;
    case 'STAFF':
      return reason.text;
  }
}

const SILENCES: Readonly<Record<Silence, MessageKey>> = {
  TIMEOUT: 'payment.reason.noAnswerTimeout',
  NETWORK: 'payment.reason.noAnswerNetwork',
  SERVER_ERROR: 'payment.reason.noAnswerServerError',
  REFUSED: 'payment.reason.noAnswerRefused',
};

/** A decline code the processor adds later reads as a plain decline. */
const DECLINES: Readonly<Record<DeclineCode, MessageKey>> = {
  GENERIC_DECLINE: 'payment.reason.declined',
  INSUFFICIENT_FUNDS: 'payment.reason.declinedInsufficientFunds',
  EXPIRED_CARD: 'payment.reason.declinedExpiredCard',
  PROCESSING_ERROR: 'payment.reason.declinedProcessingError',
  INVALID_ACCOUNT: 'payment.reason.declinedInvalidAccount',
};

const FIXED: Readonly<Record<string, MessageKey>> = {
  'payment made': 'payment.reason.paymentMade',
  'card charged': 'payment.reason.cardCharged',
  'e-check accepted, settling': 'payment.reason.echeckAccepted',
  'the processor has no charge for this payment': 'payment.reason.noCharge',
  'voided at the processor': 'payment.reason.voidedAtProcessor',
  'refunded at the processor': 'payment.reason.refundedAtProcessor',
  'e-check returned (no return code given)': 'payment.reason.echeckReturnedNoCode',
  'posting day': 'payment.reason.postingDay',
  'posted early: refund requested': 'payment.reason.postedForRefund',
  'counter payment: posted the day it is taken': 'payment.reason.postedAtCounter',
  refunded: 'payment.reason.refunded',
  voided: 'payment.reason.voided',
  'voided by the city: no processor holds a counter payment': 'payment.reason.voidedAtCounter',
  // Written by earlier versions: a return without a code, an e-check's settlement and a void's request as transitions.
  'e-check returned': 'payment.reason.echeckReturnedNoCode',
  'e-check settled': 'payment.reason.echeckSettled',
  'the void did not happen': 'payment.reason.voidDidNotHappen',
};

type Reading = (match: RegExpExecArray, locale: Locale) => string;

/** The patterned sentences, matched whole; the first that matches says it. */
const READINGS: readonly (readonly [RegExp, Reading])[] = [
  [/^processor did not answer: (\w+)$/, ([, silence], locale) => translate(locale, SILENCES[silence as Silence] ?? 'payment.reason.noAnswer')],
  [/^e-check returned (\S+)$/, ([, code], locale) => translate(locale, 'payment.reason.echeckReturned', { code: code! })],
  [/^check returned by its bank: (\w+)$/, ([, why], locale) => translate(locale, 'payment.reason.checkReturned', { reason: checkReturnReasonLabel(why!, locale) })],
  [/^cash received at the counter by (.+)$/s, ([, name], locale) => translate(locale, 'payment.reason.receivedCash', { name: name! })],
  [/^check #(\S+) received at the counter by (.+)$/s, ([, number, name], locale) => translate(locale, 'payment.reason.receivedCheck', { number: number!, name: name! })],
  [
    /^(refunded|voided) after all: a copy of the request went through after the refusal$/,
    ([, done], locale) => translate(locale, done === 'refunded' ? 'payment.reason.refundedAfterAll' : 'payment.reason.voidedAfterAll'),
  ],
  [
    /^(refunded|voided) after all, but the payment \(\w+, (\d+) of (\d+) cents refunded\) no longer takes it: settle it by hand$/,
    ([, done, refunded, total], locale) =>
      translate(locale, done === 'refunded' ? 'payment.reason.refundedAfterAllUnfit' : 'payment.reason.voidedAfterAllUnfit', {
        refunded: formatMoney(money(BigInt(refunded!)), locale),
        total: formatMoney(money(BigInt(total!)), locale),
      }),
  ],
  [
    /^(refunded|voided), but the payment \((\w+), (\d+) of (\d+) cents refunded\) no longer takes it: settle it by hand$/,
    ([, done, status, refunded, total], locale) =>
      translate(locale, done === 'refunded' ? 'payment.reason.refundedUnfit' : 'payment.reason.voidedUnfit', {
        status: status!,
        refunded: formatMoney(money(BigInt(refunded!)), locale),
        total: formatMoney(money(BigInt(total!)), locale),
      }),
  ],
  [
    /^disputed with the card's bank: (\w+), (\d+) cents taken back$/,
    ([, why, amount], locale) => translate(locale, 'payment.reason.disputeOpened', { reason: disputeReasonLabel(why!, locale), amount: formatMoney(money(BigInt(amount!)), locale) }),
  ],
  [/^dispute won: (\d+) cents restored$/, ([, amount], locale) => translate(locale, 'payment.reason.disputeWon', { amount: formatMoney(money(BigInt(amount!)), locale) })],
  [/^dispute lost: (\d+) cents stay taken back$/, ([, amount], locale) => translate(locale, 'payment.reason.disputeLost', { amount: formatMoney(money(BigInt(amount!)), locale) })],
  [/^void requested: (.+)$/s, ([, text], locale) => translate(locale, 'payment.reason.voidRequested', { text: text! })],
  [/^void refused: (.+)$/s, ([, text], locale) => translate(locale, 'payment.reason.voidRefused', { text: text! })],
];

/**
 * A stored reason as a person reads it in `locale`: one of the platform's
 * own, translated; anything else (staff's words) as written. `toStatus` tells
 * the processor's own words apart from staff's: only the processor declines
 * a payment or fails it.
 */
export function reasonLabel(reason: string, toStatus: string, locale: Locale): string {
  const fixed = FIXED[reason];
  if (fixed) return translate(locale, fixed);
  for (const [pattern, read] of READINGS) {
    const match = pattern.exec(reason);
    if (match) return read(match, locale);
  }
  if (toStatus === 'DECLINED') {
    // Stored as the processor's message alone before its code was kept with it: a plain decline.
    const code = /^declined (\w+): /.exec(reason)?.[1];
    return translate(locale, DECLINES[code as DeclineCode] ?? 'payment.reason.declined');
  }
  const refusal = toStatus === 'FAILED' ? /^(\S+): /.exec(reason) : null;
  if (refusal) return translate(locale, 'payment.reason.refused', { code: refusal[1]! });
  return reason;
}
