import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CityApp, NoCity } from '../shared/city-app';
import { connectToCity } from '../shared/city-connection';
import { SessionEndingWarning } from '../shared/session-ending-warning';
import { ConsoleApp } from './console-app';
import { reconnectLiveAfterRefresh } from './live-after-refresh';
import { LiveContext, createLive } from './live-context';
import '../shared/styles.css';

const city = connectToCity('console', location);
const root = createRoot(document.getElementById('root')!);

if (!city) {
  root.render(<NoCity />);
} else {
  const { api, sessions } = city;
  reconnectLiveAfterRefresh(sessions, api.live);
  const live = createLive(api.live);
  root.render(
    <StrictMode>
      <CityApp api={api} tenantSlug={city.tenantSlug} localeRef={city.localeRef} titleKey="console.title">
        {(tenant) => (
          <LiveContext.Provider value={live}>
            <ConsoleApp tenant={tenant} sessions={sessions} />
            <SessionEndingWarning sessions={sessions} />
          </LiveContext.Provider>
        )}
      </CityApp>
    </StrictMode>,
  );
}
