import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from '../shared/api';
import { CityApp, NoCity } from '../shared/city-app';
import { initialLocale } from '../shared/locale';
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
  const api = createApi({ tenant: tenantSlug, locale: () => localeRef.current });
  root.render(
    <StrictMode>
      <CityApp api={api} tenantSlug={tenantSlug} localeRef={localeRef} titleKey="portal.title">
        {(tenant) => <PortalApp tenant={tenant} />}
      </CityApp>
    </StrictMode>,
  );
}
