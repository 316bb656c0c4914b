import { textableNumber } from '@platform/core';

/*
 * The provider writes a withheld caller ID as a word ("anonymous",
 * "restricted", "unknown", "blocked", "unavailable"), or empty, or (Twilio,
 * and carriers before it) as that word spelt on a keypad in a number's place.
 * A placeholder is no one's number: "+7378742833" (RESTRICTED) read as
 * "+1 737-874-2833" is a stranger's in Austin, who would be texted the
 * caller's receipt, and "+266696687" (ANONYMOUS) would be one look-up address
 * shared by every withheld caller. Compared as digits, written with "+" or
 * without.
 */
const WITHHELD_PLACEHOLDERS: ReadonlySet<string> = new Set([
  '266696687', // ANONYMOUS
  '7378742833', // RESTRICTED
  '2562533', // BLOCKED
  '8656696', // UNKNOWN
  '86282452253', // UNAVAILABLE
]);

/**
 * The caller's number (E.164) from the provider's `From`, as the line uses
 * it: where the caller's texts go (a receipt, a payment's outcome) and what
 * stands for their address under the look-up limits (callerAddress). Null
 * for a withheld caller ID, and for anything a text cannot reach (the words,
 * a SIP address): such a "number" names nobody, so the call is a withheld one.
 */
export function callerNumber(from: string | undefined): string | null {
  const written = (from ?? '').trim();
  if (WITHHELD_PLACEHOLDERS.has(written.replace(/^\+/, ''))) return null;
  return textableNumber(written);
}

/**
 * The caller's number from a call's first webhook: `From` (callerNumber), unless the carrier's STIR/SHAKEN check of it
 * failed (the provider's `StirVerstat`, TN-Validation-Failed, -A, -B or -C): a spoofed caller ID is someone else's
 * number, who would be texted the caller's receipt, and under whose number the caller's declined cards would count,
 * locking its owner out of paying by phone. Such a call is a withheld one. A number that passed, or that no carrier
 * checked (No-TN-Validation, or no `StirVerstat`), is the caller's word as before.
 */
export function callerNumberOf(params: Readonly<Record<string, string>>): string | null {
  if (/^TN-Validation-Failed/i.test(params.StirVerstat ?? '')) return null;
  return callerNumber(params.From);
}
