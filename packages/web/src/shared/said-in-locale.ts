import { useCallback, useMemo, useState } from 'react';
import { useLocale } from './locale';

/**
 * State holding something a person is told, as useState holds it, except
 * that once the page's language changes it is shown through `onSwitch`:
 * the server's words in it are in the language the request was made in, and
 * a page switched to Spanish must not keep English. `onSwitch` returns what
 * is still true in the new language (usually the same value without the
 * server's words), the same object when nothing changes (whatever is shown
 * may take focus whenever the object changes); it must be a module-level
 * function, so it stays the same across renders. Asking again is no remedy:
 * the words come from a mutation, and repeating it could spend a limited
 * attempt or change something twice.
 */
export function useSaidInLocale<T>(initial: () => T, onSwitch: (said: T) => T): readonly [T, (next: T) => void] {
  const { locale } = useLocale();
  const [said, setSaid] = useState(() => ({ value: initial(), locale }));
  const set = useCallback((value: T) => setSaid({ value, locale }), [locale]);
  const value = useMemo(() => (said.locale === locale ? said.value : onSwitch(said.value)), [said, locale, onSwitch]);
  return [value, set];
}
