import { Suspense, lazy, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { CityHeader } from '../shared/city-header';
import { useT } from '../shared/locale';
import { navigate, reachedInApp, usePath } from '../shared/navigation';
import type { PageTenant } from '../shared/page-tenant';
import type { SessionStore } from '../shared/session-store';
import { pageHref } from '../shared/tenant-slug';
import { isAccountPath } from './account/account-paths';
import { loadFlow, saveFlow, type GuestFlow } from './guest-flow';
import { GuestPay } from './guest-pay';
import { HomePage } from './home-page';
import { ReceiptPage } from './receipt-page';

// A separate chunk: a guest paying a bill (the portal's first page, measured by the bench) never loads the registered pages.
const AccountArea = lazy(() => import('./account/account-area').then((module) => ({ default: module.AccountArea })));

/** The tab's storage, or null where the browser refuses it. */
function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** Where a fresh tab starts: `/pay` (a link printed on the bill) opens step 1 at once. */
function initialFlow(slug: string): GuestFlow {
  const stored = loadFlow(sessionStore(), slug);
  if (stored.step === 'home' && location.pathname === '/pay') return { step: 'find', mode: 'ACCOUNT' };
  return stored;
}

/** The resident portal: its home, the guest payment's three steps and receipt (the flow survives a reload), and registered residents' pages. */
export function PortalApp({ tenant, sessions }: { readonly tenant: PageTenant; readonly sessions: SessionStore }) {
  const path = usePath();
  const t = useT();
  if (!isAccountPath(path)) return <GuestPortal tenant={tenant} sessions={sessions} />;
  return (
    <Suspense
      fallback={
        <p className="page-status" role="status">
          {t('common.loading')}
        </p>
      }
    >
      <AccountArea tenant={tenant} sessions={sessions} path={path} />
    </Suspense>
  );
}

function GuestPortal({ tenant, sessions }: { readonly tenant: PageTenant; readonly sessions: SessionStore }) {
  const t = useT();
  const session = useSyncExternalStore(sessions.subscribe, sessions.current);
  const [flow, setFlowState] = useState<GuestFlow>(() => initialFlow(tenant.slug));
  const setFlow = useCallback(
    (next: GuestFlow) => {
      saveFlow(sessionStore(), tenant.slug, next);
      setFlowState(next);
    },
    [tenant.slug],
  );
  const main = useRef<HTMLElement>(null);
  // Home reached from the account pages, the sign-in page or with Back is a new page too: only a tab opened here starts at its top.
  const firstStep = useRef(!reachedInApp());
  useEffect(() => {
    scrollTo(0, 0);
    // Home from the flow (Cancel, Make another payment), the button pressed is gone: focus goes to the page's heading rather
    // than to the document. Not when the tab opens: a page starts at its top, as any page does.
    if (!firstStep.current && flow.step === 'home') main.current?.querySelector<HTMLElement>('h1')?.focus();
    firstStep.current = false;
  }, [flow.step]);

  return (
    <>
      <CityHeader tenant={tenant} appName={t('portal.title')}>
        <a
          className="button"
          href={pageHref(session ? '/account' : '/sign-in', location)}
          onClick={(event) => {
            if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
            event.preventDefault();
            navigate(session ? '/account' : '/sign-in');
          }}
        >
          {t(session ? 'account.nav.myAccount' : 'account.signIn.link')}
        </a>
      </CityHeader>
      <main id="main" tabIndex={-1} ref={main}>
        {flow.step === 'home' ? (
          <HomePage tenant={tenant} onPay={(mode) => setFlow({ step: 'find', mode })} />
        ) : flow.step === 'receipt' ? (
          <ReceiptPage tenant={tenant} flow={flow} onDone={() => setFlow({ step: 'home' })} />
        ) : (
          <GuestPay tenant={tenant} flow={flow} setFlow={setFlow} />
        )}
      </main>
    </>
  );
}
