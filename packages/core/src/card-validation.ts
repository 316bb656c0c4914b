import { localDateOf } from './local-date';
import type { CardBrand } from './payment-method';

/*
 * Checks a payment form (or a processor's tokenizer) makes before anything is
 * charged. They catch typos, not fraud: a number that passes here can still
 * be declined. Numbers are digit strings; callers strip spaces first.
 */

const DIGITS = /^\d+$/;

/** The Luhn (mod 10) check on card numbers: catches every single wrong digit and most swapped neighbours. */
export function luhnValid(digits: string): boolean {
  if (digits.length < 2 || !DIGITS.test(digits)) return false;
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

/** Issuer prefix ranges (IIN) of the networks the platform routes, inclusive; a range's width is its digit count. */
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

/**
 * The network a card number belongs to, from its leading digits alone, so a
 * form can show the brand while the number is still being typed. Null for
 * networks the platform does not route (JCB, UnionPay, ...) and non-digits.
 */
export function cardBrandOf(number: string): CardBrand | null {
  if (!DIGITS.test(number)) return null;
  for (const [brand, from, to] of BRAND_PREFIXES) {
    const width = String(from).length;
    if (number.length < width) continue;
    const prefix = Number(number.slice(0, width));
    if (prefix >= from && prefix <= to) return brand;
  }
  return null;
}

/** The security code on the card: 4 digits on the front for American Express, 3 on the back for the others. */
export function cvcValid(cvc: string, brand: CardBrand): boolean {
  return (brand === 'AMERICAN_EXPRESS' ? /^\d{4}$/ : /^\d{3}$/).test(cvc);
}

/**
 * A card is good through the last day of its expiry month, on the calendar
 * of `timeZone` (a processor that wants to be lenient passes the zone where
 * the month ends last). `month` is 1-12, `year` has four digits.
 */
export function expiryValid(month: number, year: number, now: Date, timeZone = 'UTC'): boolean {
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year)) return false;
  const [currentYear = 0, currentMonth = 0] = localDateOf(now, timeZone).split('-').map(Number);
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

const CARD_NUMBER_SHAPE = /^\d(?:[ -]?\d){12,18}$/;

/**
 * True when `text` could be a card number: 13-19 digits, optionally grouped
 * by spaces or hyphens as people write them, passing Luhn. For scanning logs
 * and stored rows for leaked numbers; a tenth of all random digit strings
 * pass Luhn, so a scanner should look only where no long numbers belong.
 */
export function looksLikeCardNumber(text: string): boolean {
  return CARD_NUMBER_SHAPE.test(text) && luhnValid(text.replace(/[ -]/g, ''));
}

/** Digit groups as people type them: single spaces, hyphens or no-break spaces between digits. */
const DIGIT_RUN = /\d(?:[ \u00a0-]?\d)*/g;
const GROUP_SEPARATOR = /[ \u00a0-]/;

/**
 * True when free text (a name, a memo, a reason, a description) holds a card
 * number anywhere in it: 13-19 digits passing Luhn, written unbroken or in
 * groups separated by single spaces or hyphens ("4111 1111 1111 1111",
 * "4111-1111-1111-1111"), alone or amid words. A longer run of groups (a
 * card number typed after a short reference) is checked group-aligned, so
 * "ref 12 4111 1111 1111 1111" is caught; one unbroken run of 20 or more
 * digits is some other number and is not scanned inside. Like any Luhn test,
 * about one in ten 13-19 digit numbers passes: free text is where a long
 * number is a card far more often than anything else.
 */
export function containsCardNumber(text: string): boolean {
  for (const [run] of text.matchAll(DIGIT_RUN)) {
    const groups = run.split(GROUP_SEPARATOR);
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length && digits.length < 19; last++) {
        digits += groups[last];
        if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
      }
    }
  }
  return false;
}
