import type { IsoDate } from './local-date';

/**
 * A card is good through the last day of its expiry month: can it be charged on `date` (YYYY-MM-DD, the city's
 * calendar)? The one rule for what autopay will not charge, what the wallet calls expired and what a payment refuses.
 */
export function cardValidOn(expMonth: number, expYear: number, date: IsoDate): boolean {
  return `${String(expYear).padStart(4, '0')}-${String(expMonth).padStart(2, '0')}` >= date.slice(0, 7);
}
