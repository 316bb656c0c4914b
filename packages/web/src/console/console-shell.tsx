import { useMutation } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { CityHeader } from '../shared/city-header';
import { useT } from '../shared/locale';
import { usePageTitle } from '../shared/page-title';
import type { PageTenant } from '../shared/page-tenant';
import { pageHref } from '../shared/tenant-slug';
import { AuditLogPage } from './admin/audit-log-page';
import { AutopayRunsPage } from './admin/autopay-runs-page';
import { TotalsPage } from './totals/totals-page';
import { BillImportPage } from './admin/bill-import-page';
import { AccountsPage } from './accounts/accounts-page';
import { BoardPage } from './board-page';
import { BlockedBankAccountsPage } from './bank-accounts/blocked-bank-accounts-page';
import { DisconnectionsPage } from './disconnections/disconnections-page';
import { PaperlessPage } from './paperless/paperless-page';
import { LockoutsPage } from './lockouts/lockouts-page';
import { SignOutDocument } from '../shared/session-operations';
import { useSignOutEverywhere } from '../shared/sign-out-everywhere';
import { navigate } from '../shared/navigation';
import { CONSOLE_PAGES, routeOf, useConsolePath } from './console-route';
import { CounterPaymentPage } from './counter/counter-payment-page';
import { DrawerPage } from './drawer/drawer-page';
import { RestorationsPage } from './restorations-page';
import { ApprovalsPage } from './approvals-page';
import { StaffPage } from './staff/staff-page';
import type { SessionStore, Session } from '../shared/session-store';

/** The signed-in console: the city's banner, who is signed in, the pages' navigation, sign-out. */
export function ConsoleShell({ tenant, session, sessions }: { readonly tenant: PageTenant; readonly session: Session; readonly sessions: SessionStore }) {
  const t = useT();
  const path = useConsolePath();
  const heading = useRef<HTMLHeadingElement>(null);
  const [signOut, { loading: signingOut }] = useMutation(SignOutDocument);
  // Every session of theirs, this one included (a counter PC left signed in).
  const everywhere = useSignOutEverywhere(() => sessions.end('signedOutEverywhere'));
  const isAdmin = session.user.roles.includes('ADMIN');
  const pages = CONSOLE_PAGES.filter((page) => isAdmin || !page.adminOnly);
  const { page: current, id } = routeOf(path, pages);
  // An ADMIN page opened by SUPPORT staff (a bookmark, a shared link): say it is not theirs, not that it does not exist.
  const notAllowed = !current && CONSOLE_PAGES.some((page) => page.path === path);
  const role = isAdmin ? 'ADMIN' : 'SUPPORT';
  const name = session.user.name ?? session.user.username ?? session.user.email ?? '';
  const headingText = current ? t(current.title) : t(notAllowed ? 'console.notAllowed.heading' : 'console.notFound');
  // Each tab named by its page, as the portal's are: "Accounts · Staff console · City of Norman".
  usePageTitle(headingText);

  // A new page: move focus to its heading so a screen reader announces it.
  useEffect(() => heading.current?.focus(), [path]);

  function pageBody(pagePath: string) {
    switch (pagePath) {
      case '/console/board':
        return <BoardPage tenant={tenant} />;
      case '/console/restorations':
        return <RestorationsPage tenant={tenant} />;
      case '/console/approvals':
        return <ApprovalsPage tenant={tenant} />;
      case '/console/accounts':
        return <AccountsPage accountId={id} timeZone={tenant.timezone} viewer={{ id: session.user.id, isAdmin }} />;
      case '/console/disconnections':
        return <DisconnectionsPage />;
      case '/console/paperless':
        return <PaperlessPage tenant={tenant} />;
      case '/console/counter':
        return <CounterPaymentPage clerk={{ id: session.user.id, name }} timeZone={tenant.timezone} />;
      case '/console/drawer':
        return <DrawerPage tenant={tenant} isAdmin={isAdmin} viewerId={session.user.id} />;
      case '/console/totals':
        return <TotalsPage tenant={tenant} />;
      case '/console/bank-accounts':
        return <BlockedBankAccountsPage tenant={tenant} isAdmin={isAdmin} />;
      case '/console/lockouts':
        return <LockoutsPage tenant={tenant} isAdmin={isAdmin} />;
      case '/console/import':
        return <BillImportPage />;
      case '/console/audit':
        return <AuditLogPage tenant={tenant} />;
      case '/console/autopay-runs':
        return <AutopayRunsPage tenant={tenant} />;
      case '/console/staff':
        // Their own access taken away: the server has ended this session already.
        return <StaffPage tenant={tenant} viewerId={session.user.id} onOwnAccessRemoved={() => sessions.end('signedOut')} />;
      default:
        return null;
    }
  }

  async function endSession() {
    // Locally signed out whatever the server says: the person asked to leave.
    await signOut({ variables: { refreshToken: session.refreshToken } }).catch(() => undefined);
    sessions.end('signedOut');
  }

  return (
    <>
      <CityHeader tenant={tenant} appName={t('console.title')}>
        <p className="signed-in-as">
          {t('console.signedInAs', { name })} · {t(`console.role.${role}`)}
        </p>
        <button type="button" onClick={() => void endSession()} disabled={signingOut}>
          {t('console.signOut')}
        </button>
        <button type="button" onClick={() => void everywhere.submit()} aria-disabled={everywhere.loading || undefined}>
          {t('console.signOutEverywhere')}
        </button>
        {/* Put in only when it has something to say: an alert is read out as it appears. */}
        {everywhere.failed && (
          <p role="alert" className="field-error">
            {t('console.signOutEverywhereFailed')}
          </p>
        )}
      </CityHeader>
      <div className="console-layout">
        <nav className="console-nav" aria-label={t('console.nav.label')}>
          <ul>
            {pages.map((page) => (
              <li key={page.path}>
                <a
                  href={pageHref(page.path, location)}
                  aria-current={page === current ? 'page' : undefined}
                  onClick={(event) => {
                    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                    event.preventDefault();
                    navigate(page.path);
                  }}
                >
                  {t(page.title)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <h1 ref={heading} tabIndex={-1}>
            {headingText}
          </h1>
          {notAllowed && <p>{t('console.notAllowed.body')}</p>}
          {current && pageBody(current.path)}
        </main>
      </div>
    </>
  );
}
