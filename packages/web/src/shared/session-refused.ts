import { ErrorLink } from '@apollo/client/link/error';
import { errorCode, type Api } from './api';
import { refusesToken } from './live-retry';
import type { SessionStore } from './session-store';

/**
 * A session can end on the server while its access token has minutes left here: an ADMIN changed a clerk's role or
 * removed their access, or the person signed out or changed their password on another device. The server then closes
 * the live connection (4401) and refuses the token on the next connect (4403) and over HTTP (UNAUTHENTICATED). Each
 * refusal asks the store for one refresh of that token: new tokens carry on (the console's live connection reopens with
 * them, live-after-refresh.ts), ENDED ends the session and the app shows its sign-in page saying so, instead of pages
 * blaming the connection (and a refused payment shown as one that may have gone through).
 */
export function refreshWhenTokenRefused(sessions: SessionStore, api: Api): void {
  api.live.on('closed', (event) => {
    if (refusesToken(event)) sessions.refreshRefused();
  });
  const refused = new ErrorLink(({ error }) => {
    if (errorCode(error) === 'UNAUTHENTICATED') sessions.refreshRefused();
  });
  api.client.setLink(refused.concat(api.client.link));
}
