import { translate, type Locale } from './i18n';
import { CARD_BRAND_NAMES, type CardBrand } from './payment-method';

/*
 * Card, bank and account numbers in what people read by email or text. A page shows "Visa ending 4242" and gives
 * screen readers the digits one by one in hidden text; a mail program keeps no hidden text (Gmail and Outlook strip
 * ARIA, a plain-text part has none), so there the words shown are the words said. The last four are written digit by
 * digit, "4 2 4 2" rather than "four thousand two hundred forty-two", and a masked account number as "ending in
 * 0 2 0 0" rather than "**-**02-00" (said "star star dash ...", and taken for bold markers by plain-text readers).
 */

/** "4242" -> "4 2 4 2". */
export const oneByOne = (digits: string): string => Array.from(digits).join(' ');

/** The letters and digits a masked account number shows, which are its last four ("**-**02-00" -> "0200"). */
const shownEnd = (masked: string): string =>
  Array.from(masked)
    .filter((char) => /[\p{L}\p{N}]/u.test(char))
    .join('');

/** A masked account number as messages name it: "**-**02-00" -> "ending in 0 2 0 0", "terminada en 0 2 0 0". */
export function maskedAccountSaid(masked: string, locale: Locale): string {
  return translate(locale, 'masked.endingIn', { digits: oneByOne(shownEnd(masked)) });
}

/** A card or bank account, as messages name it by its last four. */
export interface NamedMethod {
  readonly kind: 'CARD' | 'BANK_ACCOUNT';
  /** Null for a card whose brand the processor did not tell. */
  readonly brand: CardBrand | null;
  readonly last4: string;
}

/** "Visa ending in 4 2 4 2", "card ending in 4 2 4 2" (brand untold), "bank account ending in 6 7 8 9", in the language. */
export function methodSaid(method: NamedMethod, locale: Locale): string {
  const last4 = oneByOne(method.last4);
  if (method.kind === 'BANK_ACCOUNT') return translate(locale, 'autopay.method.bankAccount', { last4 });
  if (!method.brand) return translate(locale, 'autopay.method.cardNoBrand', { last4 });
  return translate(locale, 'autopay.method.card', { brand: CARD_BRAND_NAMES[method.brand], last4 });
}
