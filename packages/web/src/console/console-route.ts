import { useSyncExternalStore } from 'react';
import type { MessageKey } from '../shared/i18n/translate';
import { pageHref } from '../shared/tenant-slug';

export interface ConsolePage {
  readonly path: string;
  readonly title: MessageKey;
  /** Only ADMIN sees it. */
  readonly adminOnly: boolean;
}

/** The console's pages; each is a placeholder until its issue lands. */
export const CONSOLE_PAGES: readonly ConsolePage[] = [
  { path: '/console/board', title: 'console.nav.board', adminOnly: false },
  { path: '/console/accounts', title: 'console.nav.accounts', adminOnly: false },
  { path: '/console/restorations', title: 'console.nav.restorations', adminOnly: false },
  { path: '/console/import', title: 'console.nav.import', adminOnly: true },
  { path: '/console/audit', title: 'console.nav.audit', adminOnly: true },
  { path: '/console/autopay-runs', title: 'console.nav.autopayRuns', adminOnly: true },
];

const subscribe = (listener: () => void) => {
  window.addEventListener('popstate', listener);
  return () => window.removeEventListener('popstate', listener);
};
const currentPath = () => location.pathname.replace(/\/+$/, '') || '/';

/** The path shown now; `/console` itself is the board. */
export function useConsolePath(): string {
  const path = useSyncExternalStore(subscribe, currentPath);
  return path === '/console' ? '/console/board' : path;
}

/** Goes to a console page without reloading (keeping `?tenant=`). */
export function navigate(path: string): void {
  history.pushState(null, '', pageHref(path, location));
  window.dispatchEvent(new PopStateEvent('popstate'));
}
