import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { Field } from '../shared/field';
import { useT } from '../shared/locale';

/** Problems by field id ("" for the form as a whole), each already in the page's language. */
export type Problems = Readonly<Record<string, string>>;

/** Errors a person can fix, listed at the top with links to their fields; takes focus when it appears (WCAG 3.3.1). */
export function ErrorSummary({ problems, id }: { readonly problems: Problems; readonly id: string }) {
  const t = useT();
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
          <li key={field || 'form'}>{field ? <a href={`#${field}`}>{message}</a> : message}</li>
        ))}
      </ul>
    </div>
  );
}

/** A labelled input with its hint and error as its description, so a screen reader reads them after the label. */
export function TextField(props: { readonly id: string; readonly label: string; readonly hint?: ReactNode; readonly error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const { id, label, hint, error, ...input } = props;
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => <input name={id} {...input} {...control} />}
    </Field>
  );
}
