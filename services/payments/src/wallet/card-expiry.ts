import { cardValidOn, type PaymentMethodKind } from '@platform/core';

/**
 * Whether a saved card has expired on `today` (YYYY-MM-DD, the city's calendar): a card is good through the last
 * day of its expiry month (core's cardValidOn). A bank account, or a card whose expiry is unknown, does not expire. The one rule for
 * what the wallet calls expired and what a payment refuses.
 */
export function savedCardExpired(method: { readonly kind: PaymentMethodKind; readonly expMonth: number | null; readonly expYear: number | null }, today: string): boolean {
  if (method.kind !== 'CARD' || method.expMonth === null || method.expYear === null) return false;
  return !cardValidOn(method.expMonth, method.expYear, today);
}
