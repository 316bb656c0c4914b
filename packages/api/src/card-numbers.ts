import { isIssuedCardNumber, withAsciiDigits } from '@platform/core';

// Unbroken digits, or the groupings cards are printed in (4-4-4-4[-3], 4-6-5 for American Express), separated by
// spaces, no-break spaces or hyphens as containsCardNumber reads typed numbers: not any dash-joined digits (ids, timestamps).
const CARD_SHAPES = /(?<![0-9A-Za-z-])(?:\d{13,19}|\d{4}([ \u00a0-])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ \u00a0-])\d{6}\2\d{5})(?![0-9A-Za-z-])/g;

// A network's length as well, so that random digits inside hashes and ids are not taken for cards.
function isCardNumber(run: string): boolean {
  return isIssuedCardNumber(run.replace(/[ \u00a0-]/g, ''));
}

/**
 * The text as card numbers are looked for in it, as it shows: digits of other
 * widths and scripts ("４２４２") as ASCII ones, invisible format characters
 * left out, as containsCardNumber reads input. Only where there is anything
 * but ASCII: most lines have none, and are read as they are.
 */
const asScanned = (text: string) => (/[^ -~\t\n\r]/.test(text) ? withAsciiDigits(text) : text);

/**
 * Card numbers in free text: standalone digit runs (spaces or dashes between
 * groups allowed, not part of a longer word such as a hex hash) of a brand's
 * length, with its prefix, passing Luhn.
 */
export function cardNumbersIn(text: string): string[] {
  return (asScanned(text).match(CARD_SHAPES) ?? []).filter(isCardNumber);
}

/** What a redacted card number becomes. */
export const CARD_NUMBER_REDACTED = '[card number removed]';

/**
 * `text` with every card number (as `cardNumbersIn` finds them) replaced: the logger's last line of defence. A line
 * holding one written in other digits, or with invisible characters between its digits, comes out as asScanned reads it.
 */
export function redactCardNumbers(text: string): string {
  if (cardNumbersIn(text).length === 0) return text;
  return asScanned(text).replace(CARD_SHAPES, (run) => (isCardNumber(run) ? CARD_NUMBER_REDACTED : run));
}
