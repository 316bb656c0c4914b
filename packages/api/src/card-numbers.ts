import { isIssuedCardNumber } from '@platform/core';

// Unbroken digits, or the groupings cards are printed in (4-4-4-4[-3], 4-6-5 for American Express): not any dash-joined digits (ids, timestamps).
const CARD_SHAPES = /(?<![0-9A-Za-z-])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{5})(?![0-9A-Za-z-])/g;

// A network's length as well, so that random digits inside hashes and ids are not taken for cards.
function isCardNumber(run: string): boolean {
  return isIssuedCardNumber(run.replace(/[ -]/g, ''));
}

/**
 * Card numbers in free text: standalone digit runs (spaces or dashes between
 * groups allowed, not part of a longer word such as a hex hash) of a brand's
 * length, with its prefix, passing Luhn.
 */
export function cardNumbersIn(text: string): string[] {
  return (text.match(CARD_SHAPES) ?? []).filter(isCardNumber);
}

/** What a redacted card number becomes. */
export const CARD_NUMBER_REDACTED = '[card number removed]';

/** `text` with every card number (as `cardNumbersIn` finds them) replaced: the logger's last line of defence. */
export function redactCardNumbers(text: string): string {
  return text.replace(CARD_SHAPES, (run) => (isCardNumber(run) ? CARD_NUMBER_REDACTED : run));
}
