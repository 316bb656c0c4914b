import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CityApp, NoCity } from '../shared/city-app';
import { connectToCity } from '../shared/city-connection';
import { SessionEndingWarning } from '../shared/session-ending-warning';
import { PortalApp } from './portal-app';
import '../shared/styles.css';
import './portal.css';

// A registered resident's session: the console keeps its own.
const city = connectToCity('portal', location);
const root = createRoot(document.getElementById('root')!);

if (!city) {
  root.render(<NoCity />);
} else {
  root.render(
    <StrictMode>
      <CityApp api={city.api} tenantSlug={city.tenantSlug} localeRef={city.localeRef} titleKey="portal.title">
        {(tenant) => (
          <>
            <PortalApp tenant={tenant} sessions={city.sessions} />
            <SessionEndingWarning sessions={city.sessions} />
          </>
        )}
      </CityApp>
    </StrictMode>,
  );
}
