import type { Client } from 'graphql-ws';
import { createContext, useContext, useEffect, useState } from 'react';

/** The console's graphql-ws client, for pages that follow a feed themselves (see live-feed.ts). */
export const LiveContext = createContext<Client | null>(null);

export function useLive(): Client {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive outside LiveContext');
  return live;
}

/** What the live connection is doing, as the connection indicator says it. */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** Follows the live connection's state (from graphql-ws's events and the browser's online/offline). */
export function useLiveState(live: Client): LiveState {
  const [state, setState] = useState<LiveState>(() => (navigator.onLine ? 'connecting' : 'offline'));
  useEffect(() => {
    let connectedOnce = false;
    const notLive = (): LiveState => (!navigator.onLine ? 'offline' : connectedOnce ? 'reconnecting' : 'connecting');
    const stops = [
      live.on('connected', () => {
        connectedOnce = true;
        setState('live');
      }),
      live.on('connecting', () => setState(notLive())),
      live.on('closed', () => setState(notLive())),
    ];
    const offline = () => setState('offline');
    const online = () => setState((current) => (current === 'offline' ? notLive() : current));
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      for (const stop of stops) stop();
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }, [live]);
  return state;
}
