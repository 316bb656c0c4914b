import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from '../shared/api';
import { CityApp, NoCity } from '../shared/city-app';
import { initialLocale, safeStorage } from '../shared/locale';
import { tenantSlugFromLocation } from '../shared/tenant-slug';
import { ConsoleApp } from './console-app';
import { reconnectLiveAfterRefresh } from './live-after-refresh';
import { LiveContext, createLive } from './live-context';
import { refreshThrough } from '../shared/session-operations';
import { refreshWhenTokenRefused } from '../shared/session-refused';
import { SessionStore } from '../shared/session-store';
import '../shared/styles.css';

const tenantSlug = tenantSlugFromLocation(location);
const root = createRoot(document.getElementById('root')!);

if (!tenantSlug) {
  root.render(<NoCity />);
} else {
  const localeRef = { current: initialLocale(tenantSlug) };
  const sessions = new SessionStore('console', tenantSlug, safeStorage());
  const api = createApi({ tenant: tenantSlug, locale: () => localeRef.current, accessToken: () => sessions.accessToken() });
  refreshThrough(sessions, api);
  reconnectLiveAfterRefresh(sessions, api.live);
  refreshWhenTokenRefused(sessions, api);
  const live = createLive(api.live);
  root.render(
    <StrictMode>
      <CityApp api={api} tenantSlug={tenantSlug} localeRef={localeRef} titleKey="console.title">
        {(tenant) => (
          <LiveContext.Provider value={live}>
            <ConsoleApp tenant={tenant} sessions={sessions} />
          </LiveContext.Provider>
        )}
      </CityApp>
    </StrictMode>,
  );
}
