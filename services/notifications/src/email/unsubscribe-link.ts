import { isSignedToken, signedToken, type Locale } from '@platform/core';
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
 * The link's signature (signedToken, under the delivery settings' key), so
 * nobody can switch off another person's emails by editing the link. Derived
 * rather than stored, so it needs no table and never expires (an old
 * reminder's button still works); changing the key voids the links already sent.
 */
const unsubscribeParts = (scope: UnsubscribeScope) => ['unsubscribe', scope.tenantId, scope.userId, scope.kind];

export function isUnsubscribeToken(secret: Uint8Array, scope: UnsubscribeScope, given: string): boolean {
  return isSignedToken(secret, unsubscribeParts(scope), given);
}

/**
 * The List-Unsubscribe address (RFC 8058): everything the POST needs is in
 * the URL, as mail providers send it with no cookie and a fixed body. The
 * language of the email rides along unsigned, so the answer is in the
 * language the email was in: it changes nothing but the words of the reply.
 */
export function unsubscribeUrl(publicUrl: string, secret: Uint8Array, scope: UnsubscribeScope & { readonly tenantSlug: string; readonly locale: Locale }): string {
  const url = new URL(UNSUBSCRIBE_PATH, `${publicUrl}/`);
  url.searchParams.set('tenant', scope.tenantSlug);
  url.searchParams.set('user', scope.userId);
  url.searchParams.set('kind', scope.kind);
  url.searchParams.set('lang', scope.locale);
  url.searchParams.set('token', signedToken(secret, unsubscribeParts(scope)));
  return url.toString();
}
