import { en, type MessageKey } from './en';
import { es } from './es';

export type Locale = 'en' | 'es';
export const LOCALES: readonly Locale[] = ['en', 'es'];
export type { MessageKey };

const catalogues: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, es };

/** The message in `locale`, with `{name}` placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  return catalogues[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The API's locale enum (EN, ES) as a page locale; unknown values fall back to English. */
export function pageLocale(apiLocale: string): Locale {
  const lower = apiLocale.toLowerCase();
  return (LOCALES as readonly string[]).includes(lower) ? (lower as Locale) : 'en';
}
