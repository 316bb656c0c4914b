/*
 * Characters that are not part of a plain address: whitespace and controls,
 * and RFC 5322's specials other than the dot. A mail program reads them as
 * structure, not as the address: "pat@example.com;" or "lee@example.com," is
 * a list, "<kim@example.com>" a display form, and "a:b@example.com" a group
 * whose only member is b@example.com, so mail for "a:b" would go to b.
 */
const PLAIN = String.raw`[^\s\p{Cc}@<>()[\]:;,\\"]`;
/** A character of a domain's label: a plain one other than the dot that ends the label. */
const LABEL = String.raw`[^\s\p{Cc}@<>()[\]:;,\\".]`;
/**
 * One local part of at most 64 characters (RFC 5321), "@", and a domain of dotted labels, none empty, the top-level
 * one of two or more. Not "example.com." (the same mailbox as "example.com", written as DNS's root): kept beside the
 * plain form it would be a second account for one address.
 */
const ADDRESS = new RegExp(`^${PLAIN}{1,64}@(?:${LABEL}+\\.)+${LABEL}{2,}$`, 'u');

/**
 * The longest address there is (a path's limit, RFC 5321), in UTF-16 units as `length` counts them. Text longer than
 * this is no email, whatever else it holds: checked first, before any scan of it.
 */
export const EMAIL_MAX_LENGTH = 254;

/**
 * True when `address` is one mailbox, written plainly ("pat@example.com"):
 * what delivery sends to. The one check for every address the platform keeps
 * to write to (a user's email, a receipt's) and for delivery itself, so no
 * address is accepted that delivery then refuses. At most 254 characters (a
 * path's limit, RFC 5321); letters of any script are allowed ("josé@example.com").
 * Checks the text as given: callers trim or normalise it first.
 */
export function isDeliverableEmail(address: string): boolean {
  return address.length <= EMAIL_MAX_LENGTH && ADDRESS.test(address);
}
