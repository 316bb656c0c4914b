import type { SendOutcome } from './send-outcome';

/*
 * A mail server's or SMS provider's words about a failed send routinely quote the recipient: "550 5.1.1
 * <jane@example.com>: Recipient address rejected", "The 'To' number +15625550142 is not a valid phone number". The
 * delivery pass logs those words (from the gateway, the worker and the CLI, into whatever log pipeline the platform
 * feeds) and keeps them on the outbox row (lastError, which the city's staff read beside the row's own recipient). The
 * line names the message (id, city, template) and the row names its recipient, so the quote adds nothing there but a
 * resident's address or number in every copy of the log. So every address and number is taken out of the words once,
 * as the send's outcome comes back, before anything logs or stores them; the codes and reasons staff and operators act
 * on (550 5.1.1, 21211, "User unknown") stay. It runs after the sender read the words (a refusal of the recipient
 * tells a bounce from a rejection), so what a failure means is unchanged.
 */

/** What an email address becomes. */
export const EMAIL_ADDRESS_REMOVED = '[email address]';
/** What a phone number becomes. */
export const PHONE_NUMBER_REMOVED = '[phone number]';

// Anything@domain, up to the brackets, quotes and punctuation servers put around an address; a sentence's closing dot
// is not taken for the domain's.
const EMAIL_ADDRESS = /[^\s<>()[\]{}"'`,;:@]+@(?:[^\s<>()[\]{}"'`,;:@.]+\.)*[^\s<>()[\]{}"'`,;:@.]+/gu;
// +country and 7 to 15 digits, as E.164 or written with spaces, dots, dashes or brackets between groups.
const INTERNATIONAL_NUMBER = /\+\d(?:[ ().-]{0,2}\d){6,14}/g;
// A North American number without its +1 (562-555-0171, (562) 555-0171, 5625550171), not part of a longer run of
// digits, nor of a status code or an IP address (5.1.1, 203.0.113.7).
const NATIONAL_NUMBER = /(?<![\w+]|\d[.-])(?:1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}(?!\w|[.-]\d)/g;

/** `text` with every email address and phone number in it replaced (EMAIL_ADDRESS_REMOVED, PHONE_NUMBER_REMOVED). */
export function withoutContactDetails(text: string): string {
  return text.replace(EMAIL_ADDRESS, EMAIL_ADDRESS_REMOVED).replace(INTERNATIONAL_NUMBER, PHONE_NUMBER_REMOVED).replace(NATIONAL_NUMBER, PHONE_NUMBER_REMOVED);
}

/** The outcome of a send with its provider's words fit to log and keep (withoutContactDetails). */
export function withoutContactDetailsIn(outcome: SendOutcome): SendOutcome {
  return outcome.kind === 'SENT' ? outcome : { ...outcome, error: withoutContactDetails(outcome.error) };
}
