import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { LOCALES, translate, type Locale, type MessageKey } from './i18n/translate';

interface LocaleContextValue {
  readonly locale: Locale;
  /** The city's languages; a switch shows only when there are several. */
  readonly available: readonly Locale[];
  readonly setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

export function LocaleProvider(props: LocaleContextValue & { readonly children: ReactNode }) {
  const { locale, available, setLocale, children } = props;
  const value = useMemo(() => ({ locale, available, setLocale }), [locale, available, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}

/** `t(key, params)` in the page's language. */
export function useT(): (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string {
  const { locale } = useLocale();
  return useMemo(() => (key: MessageKey, params?: Readonly<Record<string, string | number>>) => translate(locale, key, params), [locale]);
}

const storageKey = (tenant: string) => `web.locale.${tenant}`;

const isLocale = (value: string | null | undefined): value is Locale => (LOCALES as readonly string[]).includes(value ?? '');

/**
 * The language a link names (`?lang=`, as an email's links name the email's: kept, as a choice is), else the one a
 * person chose for this city before (kept across reloads); null when neither (the city's languages decide, with the
 * browser's: `browserLocaleAmong`).
 */
export function initialLocale(tenant: string): Locale | null {
  const linked = new URLSearchParams(location.search).get('lang');
  if (isLocale(linked)) {
    rememberLocale(tenant, linked);
    return linked;
  }
  const stored = safeStorage()?.getItem(storageKey(tenant));
  return isLocale(stored) ? stored : null;
}

/** The browser's languages in its order of preference ("fr-FR", "es"), as an Accept-Language header lists them. */
export function browserLanguages(): readonly string[] {
  return navigator.languages.length > 0 ? navigator.languages : [navigator.language];
}

/** The first of the browser's languages among `available`, else `fallback`: the server's choice for the same header. */
export function browserLocaleAmong(available: readonly Locale[], fallback: Locale): Locale {
  for (const language of browserLanguages()) {
    const primary = language.slice(0, 2).toLowerCase();
    if (isLocale(primary) && available.includes(primary)) return primary;
  }
  return fallback;
}

/** The browser's language if it is one we have, else English. */
export function browserLocale(): Locale {
  const browser = navigator.language.slice(0, 2).toLowerCase();
  return isLocale(browser) ? browser : 'en';
}

export function rememberLocale(tenant: string, locale: Locale): void {
  safeStorage()?.setItem(storageKey(tenant), locale);
}

/** localStorage, or null where the browser refuses it (private modes, storage disabled). */
export function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
