import type { ReactNode, Ref } from 'react';
import { Field } from '../../shared/field';

interface CounterFieldProps {
  readonly id: string;
  readonly label: string;
  readonly error: string | undefined;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** While a press's answer is lost, what it was sent with may not change. */
  readonly readOnly: boolean;
  readonly inputMode?: 'decimal' | 'numeric';
  readonly autoComplete?: string;
  readonly spellCheck?: boolean;
  readonly inputRef?: Ref<HTMLInputElement>;
  /** Said under the input, and read as part of its description (the change due as the clerk types). */
  readonly after?: { readonly id: string; readonly content: ReactNode };
}

/**
 * One text field of the counter's forms: the shared Field (label, then the error, both the input's description) over
 * an input the counter never lets the browser fill in, read-only while an attempt's answer is lost.
 */
export function CounterField({ id, label, error, value, onChange, readOnly, inputMode, autoComplete = 'off', spellCheck, inputRef, after }: CounterFieldProps) {
  return (
    <Field id={id} label={label} error={error}>
      {(control) => (
        <>
          <input
            {...control}
            aria-describedby={[control['aria-describedby'], after?.id].filter(Boolean).join(' ') || undefined}
            ref={inputRef}
            inputMode={inputMode}
            autoComplete={autoComplete}
            spellCheck={spellCheck}
            value={value}
            readOnly={readOnly}
            onChange={(event) => onChange(event.target.value)}
          />
          {after && (
            <p id={after.id} role="status">
              {after.content}
            </p>
          )}
        </>
      )}
    </Field>
  );
}
