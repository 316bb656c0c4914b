import { createHash, randomBytes } from 'node:crypto';

/**
 * Random tokens with no meaning of their own (refresh and password-reset
 * tokens). The caller hands `token` to the user once and stores only `hash`,
 * so a leaked database row cannot be replayed. A plain SHA-256 is enough here,
 * unlike for passwords: 256 random bits leave nothing to guess.
 */
const TOKEN_BYTES = 32;

export function createOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, hash: hashOpaqueToken(token) };
}

/** The stored form of a token, for looking up the one a user presents. */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
