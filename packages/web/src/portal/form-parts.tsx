import { useCallback, useEffect, useMemo, useRef, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { errorCode, errorMessage } from '../shared/api';
import { Field } from '../shared/field';
import type { MessageKey } from '../shared/i18n/translate';
import { useLocale, useT } from '../shared/locale';
import { useErrorInTitle } from '../shared/page-title';

/**
 * Something a person is told went wrong: a message of the page's catalogue,
 * kept as its key and translated each time it is drawn (so it follows a
 * switch of language), or the server's own words, already in the language
 * the request was made in.
 */
export type Problem = { readonly key: MessageKey; readonly values?: Readonly<Record<string, string | number>> } | { readonly text: string };

/** Problems by field id ("" for the form as a whole). */
export type Problems = Readonly<Record<string, Problem>>;

/** A catalogue message as a Problem. */
export const problem = (key: MessageKey, values?: Readonly<Record<string, string | number>>): Problem => (values ? { key, values } : { key });

/** The server's words as a Problem, or the catalogue's fallback when it sent none. */
export const serverProblem = (text: string | null | undefined, fallback: MessageKey): Problem => (text ? { text } : { key: fallback });

/** The server's userErrors as Problems, each in its own words. */
export const serverProblems = (errors: readonly { readonly message: string }[]): Problem[] => errors.map((error) => ({ text: error.message }));

/** A thrown request as a Problem: the server's words for a rate limit (they say when to try again), else "try again". */
export const thrownProblem = (error: unknown): Problem => serverProblem(errorCode(error) === 'RATE_LIMITED' ? errorMessage(error) : null, 'common.loadFailed');

/** A thrown request as a problem for the form as a whole (see thrownProblem). */
export const requestProblem = (error: unknown): Problems => ({ '': thrownProblem(error) });

/** userErrors on the page's fields (by the last part of their path); the rest for the form as a whole; "try again" when there are none. */
export function fieldProblems(errors: readonly { field: readonly string[]; message: string }[], fields: Readonly<Record<string, string>>): Problems {
  const texts: Record<string, string> = {};
  for (const error of errors) {
    const id = fields[error.field.at(-1) ?? ''] ?? '';
    texts[id] = texts[id] ? `${texts[id]} ${error.message}` : error.message;
  }
  const problems = Object.fromEntries(Object.entries(texts).map(([id, text]): [string, Problem] => [id, { text }]));
  return Object.keys(problems).length > 0 ? problems : { '': problem('common.loadFailed') };
}

/**
 * A form's problems, held as useState holds them, except that the server's
 * words are dropped once the page's language changes: they are in the
 * language the request was made in, and a page switched to Spanish must not
 * keep English. (Asking again could spend a limited attempt, such as an
 * account look-up.) The page's own messages stay, and follow the switch.
 */
export function useProblems(initial: () => Problems = () => NO_PROBLEMS): readonly [Problems, (next: Problems) => void] {
  const { locale } = useLocale();
  const [said, setSaid] = useState(() => ({ problems: initial(), locale }));
  const setProblems = useCallback((problems: Problems) => setSaid({ problems, locale }), [locale]);
  // The same object unless something is dropped: ErrorSummary takes focus whenever the object it is given changes.
  const problems = useMemo(() => {
    if (said.locale === locale) return said.problems;
    const pageOwn = Object.entries(said.problems).filter(([, each]) => !('text' in each));
    return pageOwn.length === Object.keys(said.problems).length ? said.problems : Object.fromEntries(pageOwn);
  }, [said, locale]);
  return [problems, setProblems];
}

const NO_PROBLEMS: Problems = {};

/** A problem in the page's language now. */
export function useProblemText(): (problem: Problem) => string {
  const t = useT();
  return useCallback((said: Problem) => ('text' in said ? said.text : t(said.key, said.values)), [t]);
}

/** Errors a person can fix, listed at the top with links to their fields; takes focus when it appears (WCAG 3.3.1). */
export function ErrorSummary({ problems, id }: { readonly problems: Problems; readonly id: string }) {
  const t = useT();
  const say = useProblemText();
  const box = useRef<HTMLDivElement>(null);
  const entries = Object.entries(problems);
  useEffect(() => {
    if (entries.length > 0) box.current?.focus();
  }, [problems, entries.length]);
  useErrorInTitle(entries.length > 0);
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={box} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('portal.pay.problem')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field || 'form'}>{field ? <a href={`#${field}`}>{say(message)}</a> : say(message)}</li>
        ))}
      </ul>
    </div>
  );
}

/** A labelled input with its hint and error as its description, so a screen reader reads them after the label. */
export function TextField(props: { readonly id: string; readonly label: string; readonly hint?: ReactNode; readonly error?: Problem | undefined } & InputHTMLAttributes<HTMLInputElement>) {
  const { id, label, hint, error, ...input } = props;
  const say = useProblemText();
  return (
    <Field id={id} label={label} hint={hint} error={error && say(error)}>
      {(control) => <input name={id} {...input} {...control} />}
    </Field>
  );
}
