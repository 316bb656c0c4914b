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
 * The caller's number from a call's first webhook: `From` (callerNumber), only as far as the carrier's STIR/SHAKEN
 * check (the provider's `StirVerstat`) vouches for it. The number is where the caller's receipt and the payment's
 * outcome are texted, and what the caller's declined cards count under: a caller ID that is someone else's would have
 * that person texted the caller's payment, and locked out of paying by phone by the caller's declines. So a number
 * whose check failed (TN-Validation-Failed, -A, -B or -C), or that passed with less than full attestation
 * (TN-Validation-Passed-B: the carrier knows its customer, not that the number is theirs; -C: it only passed the call
 * on), is a withheld one. A number fully attested (TN-Validation-Passed-A), or that no carrier checked
 * (No-TN-Validation, or no `StirVerstat`: most calls, which the line cannot tell apart), is the caller's as before.
 */
export function callerNumberOf(params: Readonly<Record<string, string>>): string | null {
  if (/^TN-Validation-(Failed|Passed-[BC])/i.test((params.StirVerstat ?? '').trim())) return null;
  return callerNumber(params.From);
}
