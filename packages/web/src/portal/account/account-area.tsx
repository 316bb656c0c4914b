import type { ApolloClient } from '@apollo/client';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { CityHeader } from '../../shared/city-header';
import type { MessageKey } from '../../shared/i18n/translate';
import { useT } from '../../shared/locale';
import { navigate } from '../../shared/navigation';
import { usePageTitle } from '../../shared/page-title';
import type { PageTenant } from '../../shared/page-tenant';
import { SignOutDocument } from '../../shared/session-operations';
import type { Session, SessionStore } from '../../shared/session-store';
import { LINK_PATHS, OPEN_PATHS } from './account-paths';
import { AppLink } from '../../shared/app-link';
import { AutopayPage } from './autopay-page';
import { DashboardPage } from './dashboard-page';
import { HistoryPage, OwnReceiptPage } from './history-page';
import { ProfilePage } from './profile-page';
import { saveSelection } from './pay-selection';
import { RegisteredPayPage } from './registered-pay';
import { ForgotPasswordPage, RegisterPage, ResetPasswordPage, SignInPage } from './sign-in-pages';
import { VerifyEmailPage } from './verify-email-page';
import { WalletPage } from './wallet-page';

/** The signed-in pages, in the navigation's order. */
const ACCOUNT_PAGES: readonly { readonly path: string; readonly title: MessageKey }[] = [
  { path: '/account', title: 'account.nav.accounts' },
  { path: '/account/autopay', title: 'account.nav.autopay' },
  { path: '/account/history', title: 'account.nav.history' },
  { path: '/account/wallet', title: 'account.nav.wallet' },
  { path: '/account/profile', title: 'account.nav.profile' },
];

/** Issue 14 items 5 and 6: a registered resident's pages; signed out, the sign-in (and registration, reset) pages. */
export function AccountArea({ tenant, sessions, path }: { readonly tenant: PageTenant; readonly sessions: SessionStore; readonly path: string }) {
  const t = useT();
  const session = useSyncExternalStore(sessions.subscribe, sessions.current);
  const open = OPEN_PATHS.includes(path);
  const client = useApolloClient();
  const userId = session?.user.id ?? null;
  // Whoever signs in next in this tab (a shared computer) never sees the last person's accounts: also when a session ends on its own.
  useEffect(() => forgetViewer(client), [client, userId]);
  // Signed in on a sign-in page: to the accounts. The pages an email links to stay: their link may be for someone else.
  useEffect(() => {
    if (session && open && !LINK_PATHS.includes(path)) navigate('/account');
  }, [session, open, path]);
  useEffect(() => {
    // Braces: Chromium's scrollTo now returns a promise, which React would take for a clean-up function.
    scrollTo(0, 0);
  }, [path]);

  return (
    <>
      <CityHeader tenant={tenant} appName={t('portal.title')}>
        {session && <SignOut tenant={tenant} session={session} sessions={sessions} />}
      </CityHeader>
      {session && !open ? (
        <SignedIn tenant={tenant} session={session} sessions={sessions} path={path} />
      ) : (
        <main id="main" tabIndex={-1} className="narrow">
          {path === '/register' ? (
            <RegisterPage tenant={tenant} sessions={sessions} />
          ) : path === '/forgot-password' ? (
            <ForgotPasswordPage tenant={tenant} />
          ) : path === '/reset-password' ? (
            <ResetPasswordPage />
          ) : path === '/verify-email' ? (
            <VerifyEmailPage />
          ) : (
            <SignInPage tenant={tenant} sessions={sessions} />
          )}
        </main>
      )}
    </>
  );
}

function NotFoundPage() {
  const t = useT();
  usePageTitle(t('account.notFound'));
  return <h1 tabIndex={-1}>{t('account.notFound')}</h1>;
}

/** Drops what the cache holds of the signed-in person (their accounts, payments, saved methods); the city's settings stay. */
function forgetViewer(client: ApolloClient): void {
  for (const fieldName of ['viewer', 'paymentMethods']) client.cache.evict({ id: 'ROOT_QUERY', fieldName });
  client.cache.gc();
}

/** Leaves the account area once the session is over: what the person was paying leaves with them, and the sign-in page says how it ended. */
function useLeave(tenant: PageTenant, session: Session, sessions: SessionStore): (how: 'signedOut' | 'signedOutEverywhere' | 'accountClosed') => void {
  const client = useApolloClient();
  return (how) => {
    forgetViewer(client);
    saveSelection({ tenant: tenant.slug, userId: session.user.id }, null);
    sessions.end(how);
    navigate('/sign-in');
  };
}

function SignOut({ tenant, session, sessions }: { readonly tenant: PageTenant; readonly session: Session; readonly sessions: SessionStore }) {
  const t = useT();
  const leave = useLeave(tenant, session, sessions);
  const [signOut, { loading }] = useMutation(SignOutDocument);
  async function endSession() {
    // Signed out here whatever the server says: the person asked to leave.
    await signOut({ variables: { refreshToken: session.refreshToken } }).catch(() => undefined);
    leave('signedOut');
  }
  return (
    <button type="button" onClick={() => void endSession()} disabled={loading}>
      {t('account.signOut')}
    </button>
  );
}

function SignedIn({ tenant, session, sessions, path }: { readonly tenant: PageTenant; readonly session: Session; readonly sessions: SessionStore; readonly path: string }) {
  const t = useT();
  const leave = useLeave(tenant, session, sessions);
  const main = useRef<HTMLElement>(null);
  // A new page: focus its heading so a screen reader announces it, or what it must say first (a payment whose answer was lost).
  useEffect(() => {
    (main.current?.querySelector<HTMLElement>('.error-summary[tabindex="-1"]') ?? main.current?.querySelector<HTMLElement>('h1'))?.focus();
  }, [path]);
  const receiptId = path.startsWith('/account/receipt/') ? path.slice('/account/receipt/'.length) : null;
  const payer = { tenant: tenant.slug, userId: session.user.id };

  return (
    <div className="account-layout">
      <nav className="account-nav" aria-label={t('account.nav.label')}>
        <p className="signed-in-as">{t('account.signedInAs', { name: session.user.name ?? session.user.username ?? session.user.email ?? '' })}</p>
        <ul>
          {ACCOUNT_PAGES.map((page) => (
            <li key={page.path}>
              <AppLink to={page.path} current={page.path === path}>
                {t(page.title)}
              </AppLink>
            </li>
          ))}
          <li>
            <AppLink to="/">{t('account.nav.home')}</AppLink>
          </li>
        </ul>
      </nav>
      <main id="main" tabIndex={-1} ref={main}>
        {path === '/account' ? (
          <DashboardPage payer={payer} />
        ) : path === '/account/pay' ? (
          <RegisteredPayPage tenant={tenant} payer={payer} />
        ) : path === '/account/autopay' ? (
          <AutopayPage payer={payer} />
        ) : path === '/account/history' ? (
          <HistoryPage tenant={tenant} />
        ) : receiptId ? (
          <OwnReceiptPage tenant={tenant} paymentId={receiptId} />
        ) : path === '/account/wallet' ? (
          <WalletPage tenant={tenant} />
        ) : path === '/account/profile' ? (
          <ProfilePage tenant={tenant} onSignedOutEverywhere={() => leave('signedOutEverywhere')} onAccountClosed={() => leave('accountClosed')} />
        ) : (
          <NotFoundPage />
        )}
      </main>
    </div>
  );
}
