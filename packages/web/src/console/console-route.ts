import type { MessageKey } from '../shared/i18n/translate';
import { usePath } from '../shared/navigation';

export interface ConsolePage {
  readonly path: string;
  readonly title: MessageKey;
  /** Only ADMIN sees it. */
  readonly adminOnly: boolean;
  /** Also shows one item at `<path>/<id>` (e.g. an account). */
  readonly hasDetail?: boolean;
}

/** The console's pages, in the navigation's order. */
export const CONSOLE_PAGES: readonly ConsolePage[] = [
  { path: '/console/board', title: 'console.nav.board', adminOnly: false },
  { path: '/console/accounts', title: 'console.nav.accounts', adminOnly: false, hasDetail: true },
  { path: '/console/restorations', title: 'console.nav.restorations', adminOnly: false },
  { path: '/console/disconnections', title: 'console.nav.disconnections', adminOnly: false },
  { path: '/console/paperless', title: 'console.nav.paperless', adminOnly: false },
  { path: '/console/approvals', title: 'console.nav.approvals', adminOnly: true },
  { path: '/console/counter', title: 'console.nav.counter', adminOnly: false },
  { path: '/console/drawer', title: 'console.nav.drawer', adminOnly: false },
  { path: '/console/totals', title: 'console.nav.totals', adminOnly: false },
  { path: '/console/bank-accounts', title: 'console.nav.bankAccounts', adminOnly: false },
  { path: '/console/lockouts', title: 'console.nav.lockouts', adminOnly: false },
  { path: '/console/import', title: 'console.nav.import', adminOnly: true },
  { path: '/console/audit', title: 'console.nav.audit', adminOnly: true },
  { path: '/console/autopay-runs', title: 'console.nav.autopayRuns', adminOnly: true },
  { path: '/console/staff', title: 'console.nav.staff', adminOnly: true },
];

/** The path shown now; `/console` itself is the board. */
export function useConsolePath(): string {
  const path = usePath();
  return path === '/console' ? '/console/board' : path;
}

/** The page a path shows, and the item after it: "/console/accounts/<id>" is the accounts page with that id. */
export function routeOf(path: string, pages: readonly ConsolePage[]): { readonly page: ConsolePage | undefined; readonly id: string | null } {
  const exact = pages.find((page) => page.path === path);
  if (exact) return { page: exact, id: null };
  const detail = pages.find((page) => page.hasDetail && path.startsWith(`${page.path}/`) && !path.slice(page.path.length + 1).includes('/'));
  return detail ? { page: detail, id: safeDecode(path.slice(detail.path.length + 1)) } : { page: undefined, id: null };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
