import { formatCents } from '../shared/decimal-amount';
import type { Locale } from '../shared/i18n/translate';

/** A payment's money as the API gives it: exact cents (a string) and the localized text. */
interface PaymentMoney {
  readonly total: { readonly cents: string };
  readonly refunded: { readonly cents: string; readonly formatted: string };
}

/**
 * What refunds gave back of a payment and what its payer paid after them (total charged minus refunded: refunds are
 * taken from the total, fee included), as money is written in the page's language; null while nothing was refunded.
 */
export function netOfRefunds(payment: PaymentMoney, locale: Locale): { readonly refunded: string; readonly net: string } | null {
  const refunded = BigInt(payment.refunded.cents);
  if (refunded === 0n) return null;
  return { refunded: payment.refunded.formatted, net: formatCents(BigInt(payment.total.cents) - refunded, locale) };
}
