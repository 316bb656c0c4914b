import { AccountPage, type Viewer } from './account-page';
import { AccountSearch } from './account-search';
import './accounts.css';

/** `/console/accounts` searches; `/console/accounts/<id>` shows one account. */
export function AccountsPage({ accountId, timeZone, viewer }: { readonly accountId: string | null; readonly timeZone: string; readonly viewer: Viewer }) {
  return accountId ? <AccountPage key={accountId} accountId={accountId} timeZone={timeZone} viewer={viewer} /> : <AccountSearch />;
}
