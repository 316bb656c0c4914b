import type { CardBrand } from './payment-method';

/*
 * Card-number recognition: the brand a number belongs to, and scans for card
 * numbers where none may be (logs, stored rows, free text). The tokenizer's
 * own checks (expiry, security code, routing number) live with the processor.
 * Numbers are digit strings; callers strip spaces first.
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

/** How long each network's numbers are, so that digits of other lengths with a card's prefix are not taken for cards. */
const CARD_LENGTHS: Readonly<Record<CardBrand, readonly number[]>> = { VISA: [13, 16, 19], MASTERCARD: [16], AMERICAN_EXPRESS: [15], DISCOVER: [16, 17, 18, 19] };

/** Whether bare digits are a number a network issues: its prefix, one of its lengths, passing Luhn. */
export function isIssuedCardNumber(digits: string): boolean {
  const brand = cardBrandOf(digits);
  return brand !== null && CARD_LENGTHS[brand].includes(digits.length) && luhnValid(digits);
}

/**
 * True when a reference (a bill number) holds a number a network issues
 * (isIssuedCardNumber), alone or after a prefix ("INV-4111 1111 1111 1111"),
 * whatever separates its digit groups: a look-up drops the separators, so
 * its key would be the bare card number. Narrower than free text's scan
 * (containsCardNumber): references are long digit runs by design
 * ("10-1002-00-20261001"), and one in ten of those passes Luhn alone.
 */
export function holdsIssuedCardNumber(reference: string): boolean {
  const groups = withAsciiDigits(reference)
    .split(/[^0-9]+/)
    .filter((group) => group !== '');
  return someJoinedGroups(groups, isIssuedCardNumber);
}

/** Whether some run of consecutive digit groups, joined, of at most 19 digits, is `accepted`. */
function someJoinedGroups(groups: readonly string[], accepted: (digits: string) => boolean): boolean {
  for (let first = 0; first < groups.length; first++) {
    let digits = '';
    for (let last = first; last < groups.length && digits.length < 19; last++) {
      digits += groups[last];
      if (accepted(digits)) return true;
    }
  }
  return false;
}

const CARD_NUMBER_SHAPE = /^\d(?:[ -]?\d){12,18}$/;

/**
 * True when `text` could be a card number: 13-19 digits, optionally grouped
 * by spaces or hyphens as people write them, passing Luhn. For refusing a
 * card number given where a processor's token belongs (free text is scanned
 * with containsCardNumber); a tenth of all random digit strings pass Luhn,
 * so it is asked only where no long number belongs.
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
 * "4111-1111-1111-1111"), alone or amid words, read as it shows
 * (withAsciiDigits: groups joined by a zero-width space are one number). A
 * longer run of groups (a card number typed after a short reference) is
 * checked group-aligned, so "ref 12 4111 1111 1111 1111" is caught; one
 * unbroken run of 20 or more digits is some other number and is not scanned
 * inside. Like any Luhn test, about one in ten 13-19 digit numbers passes:
 * free text is where a long number is a card far more often than anything
 * else.
 */
export function containsCardNumber(text: string): boolean {
  for (const [run] of withAsciiDigits(text).matchAll(DIGIT_RUN)) {
    if (someJoinedGroups(run.split(GROUP_SEPARATOR), (digits) => digits.length >= 13 && digits.length <= 19 && luhnValid(digits))) return true;
  }
  return false;
}

/**
 * `text` as it shows: the digits of every script and width ("４", "٤", "𝟒")
 * as ASCII ones, full-width spaces and hyphens as plain ones (NFKC), and
 * invisible format characters (\p{Cf}: a zero-width space, a soft hyphen, a
 * word joiner, as text pasted from a web page or a PDF carries) left out. A
 * card number typed so is still a card number, and shows as one.
 */
export function withAsciiDigits(text: string): string {
  return text
    .replace(/\p{Cf}/gu, '')
    .normalize('NFKC')
    .replace(/\p{Nd}/gu, (digit) => String(digitValue(digit)));
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/** A decimal digit's value: Unicode encodes each script's digits as 0 to 9 in a row, so it is how many digits come just before it, modulo ten. */
function digitValue(digit: string): number {
  const codePoint = digit.codePointAt(0)!;
  let before = 0;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(codePoint - before - 1))) before++;
  return before % 10;
}
