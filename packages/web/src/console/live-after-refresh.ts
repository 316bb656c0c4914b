import type { Client } from 'graphql-ws';
import type { SessionStore } from '../shared/session-store';

/**
 * Issue 13 item 3: the live connection authenticates once, when it opens,
 * and the server ends its subscriptions when that token expires. So when the
 * session store refreshes the token, the socket is reopened with the new one
 * (graphql-ws sends connectionParams again); each feed resumes from its last
 * cursor (live-feed.ts), so nothing is missed or shown twice.
 */
export function reconnectLiveAfterRefresh(sessions: SessionStore, live: Client): () => void {
  let token = sessions.current()?.accessToken ?? null;
  return sessions.subscribe(() => {
    const next = sessions.current()?.accessToken ?? null;
    const refreshed = token !== null && next !== null && next !== token;
    token = next;
    if (refreshed) live.terminate();
  });
}
