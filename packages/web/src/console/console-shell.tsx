import { useMutation } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { CityHeader } from '../shared/city-header';
import { useT } from '../shared/locale';
import type { PageTenant } from '../shared/page-tenant';
import { pageHref } from '../shared/tenant-slug';
import { BoardPage } from './board-page';
import { SignOutDocument } from './console-operations';
import { CONSOLE_PAGES, navigate, useConsolePath } from './console-route';
import { RestorationsPage } from './restorations-page';
import type { SessionStore, StaffSession } from './session-store';

/** The signed-in console: the city's banner, who is signed in, the pages' navigation, sign-out. */
export function ConsoleShell({ tenant, session, sessions }: { readonly tenant: PageTenant; readonly session: StaffSession; readonly sessions: SessionStore }) {
  const t = useT();
  const path = useConsolePath();
  const heading = useRef<HTMLHeadingElement>(null);
  const [signOut, { loading: signingOut }] = useMutation(SignOutDocument);
  const isAdmin = session.user.roles.includes('ADMIN');
  const pages = CONSOLE_PAGES.filter((page) => isAdmin || !page.adminOnly);
  const current = pages.find((page) => page.path === path);
  const role = isAdmin ? 'ADMIN' : 'SUPPORT';

  // A new page: move focus to its heading so a screen reader announces it.
  useEffect(() => heading.current?.focus(), [path]);

  async function endSession() {
    // Locally signed out whatever the server says: the person asked to leave.
    await signOut({ variables: { refreshToken: session.refreshToken } }).catch(() => undefined);
    sessions.end('signedOut');
  }

  return (
    <>
      <CityHeader tenant={tenant} appName={t('console.title')}>
        <p className="signed-in-as">
          {t('console.signedInAs', { name: session.user.name ?? session.user.username ?? session.user.email ?? '' })} · {t(`console.role.${role}`)}
        </p>
        <button type="button" onClick={() => void endSession()} disabled={signingOut}>
          {t('console.signOut')}
        </button>
      </CityHeader>
      <div className="console-layout">
        <nav className="console-nav" aria-label={t('console.nav.label')}>
          <ul>
            {pages.map((page) => (
              <li key={page.path}>
                <a
                  href={pageHref(page.path, location)}
                  aria-current={page.path === path ? 'page' : undefined}
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
            {current ? t(current.title) : t('console.notFound')}
          </h1>
          {current?.path === '/console/board' ? (
            <BoardPage tenant={tenant} />
          ) : current?.path === '/console/restorations' ? (
            <RestorationsPage tenant={tenant} />
          ) : (
            current && <p>{t('console.placeholder')}</p>
          )}
        </main>
      </div>
    </>
  );
}
