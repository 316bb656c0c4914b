import { COMMON_PASSWORDS } from './common-passwords';
import { normaliseIdentifier } from './identifier';

/**
 * Length plus a blocklist, after NIST SP 800-63B: no composition rules (they
 * push people to "Password1!"), but refuse what attackers try first.
 */
export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'TOO_COMMON' | 'CONTAINS_IDENTIFIER';

/** Counted in Unicode code points, so "🔑" is one character as a person sees it, not two UTF-16 units. */
export const PASSWORD_MIN_LENGTH = 10;
/** Bounds the work one login asks of the server; no passphrase a person types is longer. */
export const PASSWORD_MAX_LENGTH = 128;

/** Identifiers shorter than this match too many passwords by accident ("al", "joe"). */
const MIN_IDENTIFIER_LENGTH = 4;

/** Long enough to hold any run up to the maximum length, wrapping 9 back to 0. */
const DIGIT_CYCLE = '0123456789'.repeat(Math.ceil(PASSWORD_MAX_LENGTH / 10) + 1);
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The first problem found, or null when the password is acceptable.
 * `identifiers` are things an attacker knows about the account (email, name,
 * the utility's name); for an email only the local part is compared, since the
 * domain is shared by everyone at the same company.
 */
export function checkPasswordStrength(password: string, identifiers: readonly string[]): PasswordProblem | null {
  const length = Array.from(password).length;
  if (length < PASSWORD_MIN_LENGTH) return 'TOO_SHORT';
  if (length > PASSWORD_MAX_LENGTH) return 'TOO_LONG';
  // In the form identifiers are compared in (normaliseIdentifier), so an accent composed either way is one letter.
  const lowered = password.toLowerCase().normalize('NFC');
  if (COMMON_PASSWORDS.has(lowered) || isSingleCharacter(lowered) || isPlainRun(lowered)) return 'TOO_COMMON';
  if (identifiers.some((identifier) => containsIdentifier(lowered, identifier))) return 'CONTAINS_IDENTIFIER';
  return null;
}

function isSingleCharacter(lowered: string): boolean {
  return new Set(lowered).size === 1;
}

/** "1234567890", "3456789012", "abcdefghij", and the same runs backwards. */
function isPlainRun(lowered: string): boolean {
  const reversed = Array.from(lowered).reverse().join('');
  return [lowered, reversed].some((text) => DIGIT_CYCLE.includes(text) || ALPHABET.includes(text));
}

function containsIdentifier(lowered: string, identifier: string): boolean {
  const trimmed = normaliseIdentifier(identifier);
  const at = trimmed.lastIndexOf('@');
  const significant = at >= 0 ? trimmed.slice(0, at) : trimmed;
  if (Array.from(significant).length < MIN_IDENTIFIER_LENGTH) return false;
  return lowered.includes(significant);
}
