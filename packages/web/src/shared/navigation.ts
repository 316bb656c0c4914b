import { useSyncExternalStore } from 'react';
import { pageHref } from './tenant-slug';

/* Moving between a page app's paths without reloading: history.pushState plus a popstate for listeners. */

const subscribe = (listener: () => void) => {
  window.addEventListener('popstate', listener);
  return () => window.removeEventListener('popstate', listener);
};
const currentPath = () => location.pathname.replace(/\/+$/, '') || '/';

/** The path shown now, without a trailing slash; follows navigation and the back button. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

/** Goes to a path of this app without reloading (keeping `?tenant=`). */
export function navigate(path: string): void {
  history.pushState(null, '', pageHref(path, location));
  window.dispatchEvent(new PopStateEvent('popstate'));
}
