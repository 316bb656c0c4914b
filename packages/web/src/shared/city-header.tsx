import { useState, type ReactNode } from 'react';
import { LOCALES, pageLocale, translate, type Locale } from './i18n/translate';
import { useLocale, useT } from './locale';
import type { PageTenant } from './page-tenant';

/** The page's banner: the city's logo and name in its colours, the app's name, and whatever the app adds (language, sign-out). */
export function CityHeader({ tenant, appName, children }: { readonly tenant: PageTenant; readonly appName: string; readonly children?: ReactNode }) {
  const t = useT();
  const { locale } = useLocale();
  const department = departmentIn(tenant, locale);
  const name = cityNameIn(tenant, locale);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="city-header">
        <div className="city-identity">
          <CityLogo tenant={tenant} />
          <div>
            <p className="city-name">{name}</p>
            <p className="city-app-name">{department ? `${department} · ${appName}` : appName}</p>
          </div>
        </div>
        <div className="city-header-tools">
          <LanguageSwitch />
          {children}
        </div>
      </header>
    </>
  );
}

/** The city's name in the page's language, else as the city gives it for every language. */
export function cityNameIn(tenant: Pick<PageTenant, 'name' | 'nameByLocale'>, locale: Locale): string {
  return tenant.nameByLocale.find((localized) => pageLocale(localized.locale) === locale)?.text ?? tenant.name;
}

/** The city's department in the page's language, else as the city gives it for every language (or none). */
function departmentIn(tenant: PageTenant, locale: Locale): string | null {
  return tenant.departmentByLocale.find((localized) => pageLocale(localized.locale) === locale)?.text ?? tenant.department ?? null;
}

/**
 * The city's logo; without one, or when its address does not load (a typo, a file since moved), its initial on its
 * colour (decorative: the name sits beside it), never a broken image with its words squeezed into the circle.
 */
function CityLogo({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  const { locale } = useLocale();
  const name = cityNameIn(tenant, locale);
  const { logoUrl } = tenant.branding;
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  if (logoUrl && logoUrl !== failedUrl) {
    return <img className="city-logo" src={logoUrl} alt={t('common.logoAlt', { city: name })} onError={() => setFailedUrl(logoUrl)} />;
  }
  const initial = name
    .replace(/^(city|town|village) of /i, '')
    .charAt(0)
    .toUpperCase();
  return (
    <span className="city-logo city-logo-initial" aria-hidden="true">
      {initial}
    </span>
  );
}

/** English / Español, only where the city has both; each name is written in its own language. */
function LanguageSwitch() {
  const { locale, available, setLocale } = useLocale();
  if (available.length < 2) return null;
  return (
    <div className="language-switch" role="group" aria-label={translate(locale, 'common.language')}>
      {LOCALES.filter((l) => available.includes(l)).map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={l === locale} onClick={() => setLocale(l)}>
          {translate(l, `common.languageName.${l}`)}
        </button>
      ))}
    </div>
  );
}
