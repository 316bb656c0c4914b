import { useCallback, type InputHTMLAttributes, type ReactNode } from 'react';
import { errorCode, errorMessage } from '../shared/api';
import { Field } from '../shared/field';
import type { MessageKey } from '../shared/i18n/translate';
import { useT } from '../shared/locale';
import { useSaidInLocale } from '../shared/said-in-locale';

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

/** Whether a problem is the server's words (in the language of its request) rather than the page's own message. */
export const isServerWords = (said: Problem): said is { readonly text: string } => 'text' in said;

/** The page's own problems, which follow a switch of language; the same object when there are only those. */
function pageOwnProblems(said: Problems): Problems {
  const pageOwn = Object.entries(said).filter(([, each]) => !isServerWords(each));
  return pageOwn.length === Object.keys(said).length ? said : Object.fromEntries(pageOwn);
}

/**
 * A form's problems, held as useState holds them, except that the server's
 * words are dropped once the page's language changes (useSaidInLocale). The
 * page's own messages stay, and follow the switch.
 */
export function useProblems(initial: () => Problems = () => NO_PROBLEMS): readonly [Problems, (next: Problems) => void] {
  return useSaidInLocale(initial, pageOwnProblems);
}

const NO_PROBLEMS: Problems = {};

/** A problem in the page's language now. */
export function useProblemText(): (problem: Problem) => string {
  const t = useT();
  return useCallback((said: Problem) => ('text' in said ? said.text : t(said.key, said.values)), [t]);
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
