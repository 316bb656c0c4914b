import { ApolloProvider, useQuery } from '@apollo/client/react';
import { useCallback, useLayoutEffect, useMemo, useState, type ReactNode } from 'react';
import { errorCode, type Api } from './api';
import { pageLocale, translate, type Locale, type MessageKey } from './i18n/translate';
import { LocaleProvider, browserLocale, browserLocaleAmong, rememberLocale } from './locale';
import { PageTenantDocument, type PageTenant } from './page-tenant';
import { PageTitleProvider } from './page-title';
import { cityNameIn } from './city-header';

export interface CityAppProps {
  readonly api: Api;
  readonly tenantSlug: string;
  /**
   * Read by the API client for Accept-Language; this component keeps it current. Null until a language is chosen or
   * the city is known: the browser's languages go instead, which the server weighs against the city's as the page does.
   */
  readonly localeRef: { current: Locale | null };
  /** The app's name in the document's title, before the city's (and after the page's: see page-title.tsx). */
  readonly titleKey: MessageKey;
  readonly children: (tenant: PageTenant) => ReactNode;
}

/**
 * Loads the city (name, languages, colours, logo), paints the page with its
 * colours, and provides the language; renders `children` once the city is known.
 */
export function CityApp(props: CityAppProps) {
  return (
    <ApolloProvider client={props.api.client}>
      <CityLoader {...props} />
    </ApolloProvider>
  );
}

function CityLoader({ api, tenantSlug, localeRef, titleKey, children }: CityAppProps) {
  const [chosen, setChosen] = useState<Locale | null>(localeRef.current);
  const { data, error, refetch } = useQuery(PageTenantDocument);
  const tenant = data?.tenant;
  const available = useMemo(() => (tenant ? tenant.locales.map(pageLocale) : [chosen ?? browserLocale()]), [tenant, chosen]);
  // Nothing chosen: the first of the browser's languages the city speaks, else the city's default (not English).
  const locale = chosen && available.includes(chosen) ? chosen : tenant ? browserLocaleAmong(available, pageLocale(tenant.defaultLocale)) : (chosen ?? browserLocale());
  localeRef.current = tenant ? locale : chosen;

  const setLocale = useCallback(
    (next: Locale) => {
      rememberLocale(tenantSlug, next);
      localeRef.current = next;
      setChosen(next);
      // Server-written sentences (posting rule, fee, errors) come in the request's language.
      void api.client.refetchQueries({ include: 'active' });
    },
    [api, tenantSlug, localeRef],
  );

  useLayoutEffect(() => {
    document.documentElement.lang = locale;
    if (!tenant) {
      // Until a city is known (loading, not found, not loaded) the title is the app's, in the page's language, and
      // says "Error: " while the page says something went wrong; PageTitleProvider names the pages once it is.
      const app = translate(locale, titleKey);
      document.title = error ? translate(locale, 'common.titleError', { title: app }) : app;
      return;
    }
    const { colours } = tenant.branding;
    const variables = {
      '--brand-primary': colours.primary,
      '--brand-on-primary': colours.onPrimary,
      '--brand-primary-text': colours.primaryText,
      '--brand-accent': colours.accent,
      '--brand-on-accent': colours.onAccent,
    };
    for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(name, value);
  }, [tenant, locale, error, titleKey]);

  if (!tenant) {
    if (!error)
      return (
        <p className="page-status" role="status">
          {translate(locale, 'common.loading')}
        </p>
      );
    const notFound = errorCode(error) === 'TENANT_NOT_FOUND';
    return (
      <main className="page-status">
        <p role="alert">{translate(locale, notFound ? 'common.cityNotFound' : 'common.loadFailed')}</p>
        {!notFound && (
          <button type="button" onClick={() => void refetch()}>
            {translate(locale, 'common.retry')}
          </button>
        )}
      </main>
    );
  }
  return (
    <LocaleProvider locale={locale} available={available} setLocale={setLocale}>
      <PageTitleProvider site={`${translate(locale, titleKey)} · ${cityNameIn(tenant, locale)}`}>{children(tenant)}</PageTitleProvider>
    </LocaleProvider>
  );
}

/** For a page opened at an address that names no city: in the browser's language, the page's and its title's too. */
export function NoCity() {
  const locale = browserLocale();
  useLayoutEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate(locale, 'common.noCityTitle');
  }, [locale]);
  return (
    <main className="page-status">
      <p role="alert">{translate(locale, 'common.noCity')}</p>
    </main>
  );
}
