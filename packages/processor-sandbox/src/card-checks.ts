/*
 * The sandbox's own tokenizer checks. It plays an outside payment processor,
 * so it shares no code with the platform (a lint rule holds it to that): the
 * Luhn test and the brand table exist in packages/core too, for the
 * platform's own card-number scans, and the two may drift as two companies'
 * code would. Numbers are digit strings; callers strip spaces first.
 */

/** Card networks the sandbox issues test cards for. */
export const CARD_BRANDS = ['VISA', 'MASTERCARD', 'AMERICAN_EXPRESS', 'DISCOVER'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/** The Luhn (mod 10) check: catches every single wrong digit and most swapped neighbours. */
export function luhnValid(digits: string): boolean {
  if (digits.length < 2 || !/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Issuer prefix ranges (IIN), inclusive; a range's width is its digit count. */
const BRAND_PREFIXES: ReadonlyArray<readonly [brand: CardBrand, from: number, to: number]> = [
  ['VISA', 4, 4],
  ['MASTERCARD', 51, 55],
  ['MASTERCARD', 2221, 2720],
  ['AMERICAN_EXPRESS', 34, 34],
  ['AMERICAN_EXPRESS', 37, 37],
  ['DISCOVER', 6011, 6011],
  ['DISCOVER', 644, 649],
  ['DISCOVER', 65, 65],
];

/** The network of a card number from its leading digits; null for networks the sandbox does not take (JCB, UnionPay, ...). */
export function cardBrandOf(number: string): CardBrand | null {
  if (!/^\d+$/.test(number)) return null;
  for (const [brand, from, to] of BRAND_PREFIXES) {
    const width = String(from).length;
    if (number.length < width) continue;
    const prefix = Number(number.slice(0, width));
    if (prefix >= from && prefix <= to) return brand;
  }
  return null;
}

/** The security code: 4 digits on the front for American Express, 3 on the back for the others. */
export function cvcValid(cvc: string, brand: CardBrand): boolean {
  return (brand === 'AMERICAN_EXPRESS' ? /^\d{4}$/ : /^\d{3}$/).test(cvc);
}

const TWELVE_HOURS_MS = 12 * 60 * 60 * 1000;

/**
 * A card is good through the last day of its expiry month until that month
 * has ended everywhere: the month is read on the calendar of UTC-12, where it
 * ends last. `month` is 1-12, `year` has four digits.
 */
export function cardUnexpired(month: number, year: number, now: Date): boolean {
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year)) return false;
  const lastToEnd = new Date(now.getTime() - TWELVE_HOURS_MS);
  const currentYear = lastToEnd.getUTCFullYear();
  const currentMonth = lastToEnd.getUTCMonth() + 1;
  return year > currentYear || (year === currentYear && month >= currentMonth);
}

/**
 * An ABA routing transit number: nine digits whose first two name a Federal
 * Reserve district (00-12), thrift (21-32), electronic (61-72) or traveler's
 * cheque (80) range, and whose digits weighted 3, 7, 1 sum to a multiple of 10.
 */
export function abaRoutingValid(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  const district = Number(routing.slice(0, 2));
  const knownRange = district <= 12 || (district >= 21 && district <= 32) || (district >= 61 && district <= 72) || district === 80;
  if (!knownRange) return false;
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (routing.charCodeAt(i) - 48) * (weights[i] ?? 0);
  return sum % 10 === 0;
}
