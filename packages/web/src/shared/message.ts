import { useCallback } from 'react';
import type { MessageKey } from './i18n/translate';
import { useT } from './locale';

/**
 * Something a page tells a person (a problem, what an action did), kept so
 * it follows a switch of language: a catalogue message as its key and
 * values, translated each time it is drawn (a value may itself be a
 * message, such as a role's name), or the server's own words, already in the
 * language the request was made in.
 */
export type Message = { readonly key: MessageKey; readonly values?: Readonly<Record<string, string | number | Message>> } | { readonly text: string };

/** A catalogue message as a Message. */
export const message = (key: MessageKey, values?: Readonly<Record<string, string | number | Message>>): Message => (values ? { key, values } : { key });

/** The server's words as a Message, or the catalogue's `fallback` when it sent none. */
export const serverMessage = (text: string | null | undefined, fallback: MessageKey): Message => (text ? { text } : { key: fallback });

/**
 * Whether a Message is the server's words, in the language its request was made in, rather than the page's own: those
 * cannot follow a switch of language, so a page drops them then (useSaidInLocale) rather than keep English in Spanish.
 */
export const isServerWords = (said: Message): said is { readonly text: string } => 'text' in said;

/** A message in the page's language now. */
export function useMessageText(): (said: Message) => string {
  const t = useT();
  const say = useCallback(
    (said: Message): string => {
      if ('text' in said) return said.text;
      const values = said.values && Object.fromEntries(Object.entries(said.values).map(([name, value]) => [name, typeof value === 'object' ? say(value) : value]));
      return t(said.key, values);
    },
    [t],
  );
  return say;
}
