import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: a confirmation number is read aloud over the phone. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * "K7QM-4XPD-9R2T": random (about 59 bits), so it says nothing about how many
 * payments a city takes or in what order; unique per city by a database
 * constraint, with a retry on the rare collision.
 */
export function newConfirmationNumber(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** What a payer typed, as stored (upper case, dashes where they belong), or null when it cannot be one. */
export function normaliseConfirmationNumber(typed: string): string | null {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '');
  if (plain.length !== 12 || [...plain].some((c) => !ALPHABET.includes(c))) return null;
  return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`;
}
