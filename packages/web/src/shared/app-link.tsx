import type { MouseEvent, ReactNode, Ref } from 'react';
import { navigate } from './navigation';
import { pageHref } from './tenant-slug';

/** A link within the city's pages (the portal, the console): navigates without reloading, yet opens in a new tab as any link does. */
export function AppLink({ to, children, current, ref }: { readonly to: string; readonly children: ReactNode; readonly current?: boolean; readonly ref?: Ref<HTMLAnchorElement> }) {
  const follow = (event: MouseEvent) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a ref={ref} href={pageHref(to, location)} onClick={follow} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}
