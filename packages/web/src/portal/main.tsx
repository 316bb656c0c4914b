import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from '../shared/api';
import { CityApp, NoCity } from '../shared/city-app';
import { initialLocale, safeStorage } from '../shared/locale';
import { refreshThrough } from '../shared/session-operations';
import { refreshWhenTokenRefused } from '../shared/session-refused';
import { SessionStore } from '../shared/session-store';
import { tenantSlugFromLocation } from '../shared/tenant-slug';
import { PortalApp } from './portal-app';
import '../shared/styles.css';
import './portal.css';

const tenantSlug = tenantSlugFromLocation(location);
const root = createRoot(document.getElementById('root')!);

if (!tenantSlug) {
  root.render(<NoCity />);
} else {
  const localeRef = { current: initialLocale(tenantSlug) };
  // A registered resident's session (the console keeps its own): refreshed before expiry, and once when the server refuses
  // its token, as the console's is.
  const sessions = new SessionStore('portal', tenantSlug, safeStorage());
  const api = createApi({ tenant: tenantSlug, locale: () => localeRef.current, accessToken: () => sessions.accessToken() });
  refreshThrough(sessions, api);
  refreshWhenTokenRefused(sessions, api);
  root.render(
    <StrictMode>
      <CityApp api={api} tenantSlug={tenantSlug} localeRef={localeRef} titleKey="portal.title">
        {(tenant) => <PortalApp tenant={tenant} sessions={sessions} />}
      </CityApp>
    </StrictMode>,
  );
}
