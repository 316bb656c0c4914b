/**
 * The one form of an email or username: how it is stored, compared, looked up
 * and counted under by rate limits. Trimmed, lower case, and NFC, so the same
 * address typed on two keyboards that compose accents differently ("é" as
 * U+00E9, or "e" plus U+0301) is one address, as the same password is one
 * password (password-hash.ts). Lower case first: lower-casing NFC text can
 * leave it not NFC (some Greek capitals with accents), so the other order
 * would not be idempotent. A stored value is its own normal form.
 */
export const normaliseIdentifier = (typed: string): string => typed.trim().toLowerCase().normalize('NFC');
