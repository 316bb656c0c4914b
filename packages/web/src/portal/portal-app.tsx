import { CityHeader } from '../shared/city-header';
import { useT } from '../shared/locale';
import type { PageTenant } from '../shared/page-tenant';
import { HomePage } from './home-page';

/** The resident portal; only its home page so far. */
export function PortalApp({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  return (
    <>
      <CityHeader tenant={tenant} appName={t('portal.title')} />
      <main id="main" tabIndex={-1}>
        <HomePage tenant={tenant} />
      </main>
    </>
  );
}
