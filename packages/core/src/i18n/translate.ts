import type { Locale } from './locale';
import { en, type MessageKey } from './messages.en';
import { es } from './messages.es';

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, es };

export type MessageParams = Readonly<Record<string, string | number>>;

/** The message for `key` in `locale`, with {placeholders} filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogues[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(en, value);
}
