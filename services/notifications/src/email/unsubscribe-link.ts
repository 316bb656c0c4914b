import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OptionalKind } from '../preferences/notification-preferences.service';

/** Where one-click unsubscribe requests arrive (served by the unsubscribe route). */
export const UNSUBSCRIBE_PATH = '/notifications/unsubscribe';

/** Whose emails of which kind a link switches off: one user, in one city, one kind. */
export interface UnsubscribeScope {
  readonly tenantId: string;
  readonly userId: string;
  readonly kind: OptionalKind;
}

/**
 * The link's signature: HMAC under the delivery settings' key, so nobody can
 * switch off another person's emails by editing the link. Derived rather
 * than stored, so it needs no table and never expires (an old reminder's
 * button still works); changing the key voids the links already sent.
 */
function unsubscribeToken(secret: Uint8Array, scope: UnsubscribeScope): string {
  return createHmac('sha256', secret).update(`unsubscribe\n${scope.tenantId}\n${scope.userId}\n${scope.kind}`).digest('base64url');
}

export function isUnsubscribeToken(secret: Uint8Array, scope: UnsubscribeScope, given: string): boolean {
  const expected = Buffer.from(unsubscribeToken(secret, scope));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The List-Unsubscribe address (RFC 8058): everything the POST needs is in
 * the URL, as mail providers send it with no cookie and a fixed body.
 */
export function unsubscribeUrl(publicUrl: string, secret: Uint8Array, scope: UnsubscribeScope & { readonly tenantSlug: string }): string {
  const url = new URL(UNSUBSCRIBE_PATH, `${publicUrl}/`);
  url.searchParams.set('tenant', scope.tenantSlug);
  url.searchParams.set('user', scope.userId);
  url.searchParams.set('kind', scope.kind);
  url.searchParams.set('token', unsubscribeToken(secret, scope));
  return url.toString();
}
