import { createApi, type Api } from './api';
import type { Locale } from './i18n/translate';
import { initialLocale, safeStorage } from './locale';
import { refreshThrough } from './session-operations';
import { refreshWhenTokenRefused } from './session-refused';
import { SessionStore } from './session-store';
import { tenantSlugFromLocation } from './tenant-slug';

export interface CityConnection {
  readonly tenantSlug: string;
  /** The page's language, read by every request as it is sent; CityApp changes it. */
  readonly localeRef: { current: Locale | null };
  readonly sessions: SessionStore;
  readonly api: Api;
}

/**
 * The API of the city the page's address names, with the session of one app (the console's and the portal's are kept
 * apart): refreshed before it expires, and once when the server refuses its token. Null where the address names no city.
 */
export function connectToCity(app: 'console' | 'portal', location: Location): CityConnection | null {
  const tenantSlug = tenantSlugFromLocation(location);
  if (!tenantSlug) return null;
  const localeRef = { current: initialLocale(tenantSlug) };
  const sessions = new SessionStore(app, tenantSlug, safeStorage());
  const api = createApi({ tenant: tenantSlug, locale: () => localeRef.current, accessToken: () => sessions.accessToken() });
  refreshThrough(sessions, api);
  refreshWhenTokenRefused(sessions, api);
  return { tenantSlug, localeRef, sessions, api };
}
