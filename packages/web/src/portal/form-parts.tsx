import { useCallback, useEffect, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { Field } from '../shared/field';
import type { MessageKey } from '../shared/i18n/translate';
import { useT } from '../shared/locale';

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
