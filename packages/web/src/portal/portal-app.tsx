import { useCallback, useEffect, useState } from 'react';
import { CityHeader } from '../shared/city-header';
import { useT } from '../shared/locale';
import type { PageTenant } from '../shared/page-tenant';
import { loadFlow, saveFlow, type GuestFlow } from './guest-flow';
import { GuestPay } from './guest-pay';
import { HomePage } from './home-page';
import { ReceiptPage } from './receipt-page';

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

/** The resident portal: its home, the guest payment's three steps, and the receipt; the flow survives a reload. */
export function PortalApp({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  const [flow, setFlowState] = useState<GuestFlow>(() => initialFlow(tenant.slug));
  const setFlow = useCallback(
    (next: GuestFlow) => {
      saveFlow(sessionStore(), tenant.slug, next);
      setFlowState(next);
    },
    [tenant.slug],
  );
  useEffect(() => {
    scrollTo(0, 0);
  }, [flow.step]);

  return (
    <>
      <CityHeader tenant={tenant} appName={t('portal.title')} />
      <main id="main" tabIndex={-1}>
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
