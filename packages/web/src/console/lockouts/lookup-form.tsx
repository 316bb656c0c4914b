import type { FormEvent } from 'react';
import { Field } from '../../shared/field';

/** One look-up of the lockouts page (a resident, an account, a person's sign-in): a search field and its button. */
export function LookupForm({
  id,
  name,
  label,
  hint,
  error,
  value,
  onChange,
  submitLabel,
  onSubmit,
}: {
  readonly id: string;
  /** The search landmark's name: the section's heading. */
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  readonly error?: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly submitLabel: string;
  readonly onSubmit: (event: FormEvent) => void;
}) {
  return (
    <form role="search" className="search-form" noValidate onSubmit={onSubmit} aria-label={name}>
      <Field id={id} label={label} hint={hint} error={error}>
        {(control) => (
          <div className="search-row">
            <input {...control} type="search" autoComplete="off" spellCheck={false} value={value} onChange={(event) => onChange(event.target.value)} />
            <button type="submit">{submitLabel}</button>
          </div>
        )}
      </Field>
    </form>
  );
}
