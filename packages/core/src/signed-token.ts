import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A token derived rather than stored: an HMAC-SHA256 (base64url) of `parts`
 * under `secret`, so nothing secret is at rest and the same parts always give
 * the same token. The first part names what the token is for (`receipt`,
 * `unsubscribe`), so one kind never passes for another.
 */
export function signedToken(secret: Uint8Array, parts: readonly string[]): string {
  return createHmac('sha256', secret).update(parts.join('\n')).digest('base64url');
}

/** Whether `given` is the token of `parts`, compared in constant time. */
export function isSignedToken(secret: Uint8Array, parts: readonly string[], given: string): boolean {
  const expected = Buffer.from(signedToken(secret, parts));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
