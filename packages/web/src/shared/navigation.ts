import { useSyncExternalStore } from 'react';
import { pageHref } from './tenant-slug';

/* Moving between a page app's paths without reloading: history.pushState plus a popstate for listeners. */

const subscribe = (listener: () => void) => {
  window.addEventListener('popstate', listener);
  return () => window.removeEventListener('popstate', listener);
};
const currentPath = () => location.pathname.replace(/\/+$/, '') || '/';

// Set by the first move within the app (a link, Back, Forward): the page then shown was reached, not opened.
let moved = false;
window.addEventListener('popstate', () => {
  moved = true;
});

/**
 * Whether the page now shown was reached from another page of this app rather than opened with the tab. A page
 * reached so focuses its heading (the link pressed is gone, and focus on the document says nothing); a page the
 * tab opens on starts at its top, as any page does.
 */
export const reachedInApp = (): boolean => moved;

/** The path shown now, without a trailing slash; follows navigation and the back button. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

/** Goes to a path of this app without reloading (keeping `?tenant=`). */
export function navigate(path: string): void {
  history.pushState(null, '', pageHref(path, location));
  window.dispatchEvent(new PopStateEvent('popstate'));
}
