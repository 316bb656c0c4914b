import type { Client } from 'graphql-ws';
import { createContext, useContext, useSyncExternalStore } from 'react';

/** What the live connection is doing, as the connection indicator says it. */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** The console's graphql-ws client and the state of its connection. */
export interface Live {
  readonly client: Client;
  /** The state now: a page that mounts on an open socket (it opened for the page before) reads "live" at once. */
  readonly state: () => LiveState;
  readonly subscribe: (listener: () => void) => () => void;
}

/**
 * Watches the client from its creation: graphql-ws only reports changes,
 * so whoever starts listening late would never hear that it is connected.
 */
export function createLive(client: Client): Live {
  let state: LiveState = navigator.onLine ? 'connecting' : 'offline';
  let connectedOnce = false;
  const listeners = new Set<() => void>();
  const set = (next: LiveState) => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener();
  };
  const notLive = (): LiveState => (!navigator.onLine ? 'offline' : connectedOnce ? 'reconnecting' : 'connecting');
  client.on('connected', () => {
    connectedOnce = true;
    set('live');
  });
  client.on('connecting', () => set(notLive()));
  client.on('closed', () => set(notLive()));
  window.addEventListener('offline', () => set('offline'));
  window.addEventListener('online', () => state === 'offline' && set(notLive()));
  return {
    client,
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const LiveContext = createContext<Live | null>(null);

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive outside LiveContext');
  return live;
}

export function useLiveState(live: Live): LiveState {
  return useSyncExternalStore(live.subscribe, live.state);
}
