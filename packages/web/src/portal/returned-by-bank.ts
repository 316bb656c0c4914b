import { formatCents } from '../shared/decimal-amount';
import type { Locale } from '../shared/i18n/translate';

interface ReturnedPayment {
  readonly status: string;
  readonly returnCode?: string | null;
  readonly total: { readonly cents: string };
  readonly refunded: { readonly cents: string };
}

/**
 * What the bank took back of a returned e-check (what refunds had not already given back: the bank reverses the whole
 * debit) and its return code, as money is written in the page's language; null for any payment the bank did not
 * return. Nothing of a returned payment stays paid, so a receipt says so rather than "Total charged" alone.
 */
export function returnedByBank(payment: ReturnedPayment, locale: Locale): { readonly takenBack: string; readonly code: string | null; readonly net: string } | null {
  if (payment.status !== 'RETURNED') return null;
  return { takenBack: formatCents(BigInt(payment.total.cents) - BigInt(payment.refunded.cents), locale), code: payment.returnCode ?? null, net: formatCents(0n, locale) };
}

/** Statuses of a payment that will never post to an account: the receipt names no posting date for them. */
export const NEVER_POSTS: readonly string[] = ['DECLINED', 'FAILED', 'VOIDED', 'RETURNED'];

/**
 * Whether the payment is an e-check its bank can still send back (not yet settled, nor ended otherwise): its receipt
 * says what a return would do, as the emailed receipt and the phone line do. Once settled, only the holder's own
 * claim that they never authorized it can bring it back, which is theirs to know.
 */
export function mayStillBeReturned(payment: { readonly status: string; readonly settledAt?: string | null; readonly method: { readonly kind: string } }): boolean {
  return payment.method.kind === 'BANK_ACCOUNT' && !payment.settledAt && !NEVER_POSTS.includes(payment.status);
}
