import { checkReturnReasonLabel, disputeReasonLabel, translate, type Locale, type MessageKey } from '@platform/core';
import type { LedgerEntryEntity } from './ledger-entry.entity';

/*
 * The memos the platform writes on ledger entries itself, for the payments
 * service's money going back (payment-ledger.service.ts). Stored as the
 * English sentence memoText writes, so the table reads on its own (and rows
 * written before memos were typed hold the same sentences); memoLabel finds
 * the sentence again to say it in the reader's language. What staff typed
 * (an adjustment's memo, a refund's or void's reason) is stored, and shown,
 * as written. Billing owns these words: payments depends on billing, not
 * the other way, so billing cannot read payments' reason labels.
 */

export type PaymentMemo =
  /** The bank sent an e-check back, with the return code it named (R01, R02...). */
  | { readonly kind: 'ECHECK_RETURNED'; readonly returnCode: string | null }
  /** The city's fee for that return. */
  | { readonly kind: 'RETURNED_PAYMENT_FEE'; readonly returnCode: string | null }
  /** Given back in the processor's own dashboard, found since. */
  | { readonly kind: 'VOIDED_AT_PROCESSOR' }
  | { readonly kind: 'REFUNDED_AT_PROCESSOR' }
  /** Staff voided or refunded it, with their reason: the city's own (memoAsSeenBy hides it from customers). */
  | { readonly kind: 'VOIDED_BY_STAFF'; readonly reason: string }
  | { readonly kind: 'REFUNDED_BY_STAFF'; readonly reason: string }
  /** A paper check taken at the counter, sent back by its bank: the bank's reason as the platform names it (INSUFFICIENT_FUNDS...). */
  | { readonly kind: 'CHECK_RETURNED'; readonly reason: string }
  /** The city's returned-payment fee for that check (its bank's reason is on the reversal beside it). */
  | { readonly kind: 'RETURNED_CHECK_FEE' }
  /** A card payment its holder disputed with their bank, for the reason the processor names (FRAUDULENT...). */
  | { readonly kind: 'CARD_DISPUTED'; readonly reason: string }
  /** That dispute decided in the city's favour: the money came back. */
  | { readonly kind: 'DISPUTE_WON' };

/** The sentence stored for a memo. Each is matched again by memoLabel's readings: keep the two in step. */
export function memoText(memo: PaymentMemo): string {
  switch (memo.kind) {
    case 'ECHECK_RETURNED':
      return memo.returnCode ? `e-check returned ${memo.returnCode}` : 'e-check returned (no return code given)';
    case 'RETURNED_PAYMENT_FEE':
      return memo.returnCode ? `Returned payment fee (${memo.returnCode})` : 'Returned payment fee';
    case 'VOIDED_AT_PROCESSOR':
      return 'voided: voided at the processor';
    case 'REFUNDED_AT_PROCESSOR':
      return 'refunded at the processor';
    case 'VOIDED_BY_STAFF':
      return `voided: ${memo.reason}`;
    case 'REFUNDED_BY_STAFF':
      return memo.reason;
    case 'CHECK_RETURNED':
      return `check returned by its bank: ${memo.reason}`;
    case 'RETURNED_CHECK_FEE':
      return 'Returned check fee';
    case 'CARD_DISPUTED':
      return `card payment disputed by its holder: ${memo.reason}`;
    case 'DISPUTE_WON':
      return 'dispute won: payment restored';
  }
}

type Reading = (match: RegExpExecArray, locale: Locale) => string;
const fixed =
  (key: MessageKey): Reading =>
  (_match, locale) =>
    translate(locale, key);

/**
 * The sentences each kind of entry may hold from the platform, matched whole; the first that matches says it. A
 * reversal's memo is always the platform's (its void reason, staff's words inside it, kept as written); a fee's, only
 * when a payment caused it (staff charge fees without one); a refund's, only when the processor recorded it (one made in
 * its dashboard): every other refund carries staff's reason. A posting's, only a dispute won's.
 */
const READINGS: Readonly<Partial<Record<LedgerEntryEntity['kind'], readonly (readonly [RegExp, Reading])[]>>> = {
  PAYMENT_REVERSED: [
    // 'e-check returned' alone: a return without a code, as an earlier version wrote it.
    [/^e-check returned(?: \(no return code given\))?$/, fixed('billing.memo.echeckReturnedNoCode')],
    [/^e-check returned (\S+)$/, ([, code], locale) => translate(locale, 'billing.memo.echeckReturned', { code: code! })],
    [/^voided: voided at the processor$/, fixed('billing.memo.voidedAtProcessor')],
    [/^check returned by its bank: (\w+)$/, ([, reason], locale) => translate(locale, 'billing.memo.checkReturned', { reason: checkReturnReasonLabel(reason!, locale) })],
    [/^card payment disputed by its holder: (\w+)$/, ([, reason], locale) => translate(locale, 'billing.memo.cardDisputed', { reason: disputeReasonLabel(reason!, locale) })],
    [/^voided: (.+)$/s, ([, reason], locale) => translate(locale, 'billing.memo.voided', { reason: reason! })],
  ],
  FEE: [
    [/^Returned payment fee$/, fixed('billing.memo.returnedPaymentFeeNoCode')],
    [/^Returned check fee$/, fixed('billing.memo.returnedCheckFee')],
    [/^Returned payment fee \((\S+)\)$/, ([, code], locale) => translate(locale, 'billing.memo.returnedPaymentFee', { code: code! })],
  ],
  REFUND: [[/^refunded at the processor$/, fixed('billing.memo.refundedAtProcessor')]],
  PAYMENT_POSTED: [[/^dispute won: payment restored$/, fixed('billing.memo.disputeWon')]],
};

/** An entry's memo as a person reads it in `locale`: the platform's own sentences translated, anything else as written. */
export function memoLabel(entry: Pick<LedgerEntryEntity, 'kind' | 'memo' | 'paymentId' | 'recordedBy'>, locale: Locale): string | null {
  if (entry.memo === null) return null;
  const platformWrote =
    entry.kind === 'PAYMENT_REVERSED' || entry.kind === 'PAYMENT_POSTED' || (entry.kind === 'FEE' && entry.paymentId !== null) || (entry.kind === 'REFUND' && entry.recordedBy === 'processor');
  if (!platformWrote) return entry.memo;
  for (const [pattern, read] of READINGS[entry.kind] ?? []) {
    const match = pattern.exec(entry.memo);
    if (match) return read(match, locale);
  }
  return entry.memo;
}
