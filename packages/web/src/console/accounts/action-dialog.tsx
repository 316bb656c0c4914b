import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Field, type FieldProps } from '../../shared/field';
import { useT } from '../../shared/locale';
import { useModalDialog } from '../../shared/modal-dialog';

/** What went wrong, by form field ("amount", "reason", "kind", "payable"), and about the action as a whole ("form"). */
export type Problems = Readonly<Partial<Record<'amount' | 'reason' | 'kind' | 'payable' | 'form', string>>>;

export interface ActionDialogProps {
  readonly title: string;
  /** What will happen, in a sentence or two: the confirmation a person reads before they confirm. */
  readonly description: ReactNode;
  readonly confirmLabel: string;
  readonly busy: boolean;
  readonly problems: Problems;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
  /** The fields (DialogField), first one focused on open. */
  readonly children?: ReactNode;
  /** A confirmation with no fields that cannot be undone: focus starts on Cancel, so an Enter pressed by habit does nothing. */
  readonly focusCancel?: boolean;
}

/**
 * A staff action's confirmation: a modal <dialog> (the browser keeps focus
 * inside it, Escape cancels it, and the rest of the page is inert), labelled
 * by its title and described by what will happen. Focus goes to the first
 * field (or Cancel, `focusCancel`) on open and back to the button that
 * opened it on close. When a press is refused, by the dialog or the server,
 * focus goes to what says why: the problem with the action as a whole, or
 * else the first field marked invalid, whose description is its error.
 */
export function ActionDialog({ title, description, confirmLabel, busy, problems, onConfirm, onClose, children, focusCancel = false }: ActionDialogProps) {
  const t = useT();
  const ids = useId();
  const formProblem = useRef<HTMLParagraphElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const dialog = useModalDialog((element) => (focusCancel ? cancel.current : element.querySelector<HTMLElement>('input:not(:disabled), select, textarea')));
  // Presses of Confirm, and the last one whose outcome focus has gone to.
  const [presses, setPresses] = useState(0);
  const answered = useRef(0);

  // A problem with the action as a whole is read out (role=alert) and takes focus, so a keyboard user lands on it.
  useEffect(() => {
    if (problems.form) formProblem.current?.focus();
  }, [problems.form]);

  // A press once it is answered (checked here, or by the server): the same problem again is said again, as it takes focus again.
  useEffect(() => {
    if (busy || answered.current === presses) return;
    answered.current = presses;
    if (problems.form) formProblem.current?.focus();
    else dialog.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [presses, busy, problems]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setPresses((count) => count + 1);
    onConfirm();
  }

  return (
    <dialog
      ref={dialog}
      className="modal-dialog"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-description`}
      onCancel={(event) => {
        // Escape: close through React state, so the dialog unmounts (and focus returns) the same way as Cancel.
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form noValidate onSubmit={submit}>
        <h2 id={`${ids}-title`}>{title}</h2>
        <div id={`${ids}-description`} className="action-description">
          {description}
        </div>
        {problems.form && (
          <p className="field-error form-problem" role="alert" tabIndex={-1} ref={formProblem}>
            {problems.form}
          </p>
        )}
        {children}
        <div className="dialog-buttons">
          {/* aria-disabled, not disabled, while busy: a disabled button loses focus to the document, and with it where the
              staff member was when the answer comes. submit and close ignore presses meanwhile. */}
          <button type="submit" aria-disabled={busy || undefined}>
            {busy ? t('accounts.action.working') : confirmLabel}
          </button>
          <button type="button" className="secondary" ref={cancel} onClick={() => !busy && onClose()} aria-disabled={busy || undefined}>
            {t('accounts.action.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

export interface DialogFieldProps {
  readonly label: string;
  readonly error: string | undefined;
  readonly hint?: string;
  readonly children: FieldProps['children'];
}

/** A labelled field of a dialog: its error sits right under its label and is read with it. */
export function DialogField(props: DialogFieldProps) {
  return <Field id={useId()} {...props} />;
}

interface TextProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error: string | undefined;
}

/** An amount in dollars as staff type it ("12.50"): the decimal keypad on a phone, nothing filled in from before. */
export function AmountField({ label, hint, value, onChange, error }: TextProps & { readonly label: string; readonly hint: string }) {
  return (
    <DialogField label={label} hint={hint} error={error}>
      {(control) => <input {...control} inputMode="decimal" autoComplete="off" value={value} onChange={(event) => onChange(event.target.value)} />}
    </DialogField>
  );
}

/** Why staff do what they do, which the account's history keeps: every staff action asks for it. */
export function ReasonField({ value, onChange, error }: TextProps) {
  const t = useT();
  return (
    <DialogField label={t('accounts.action.reason')} error={error}>
      {(control) => <textarea {...control} rows={3} value={value} onChange={(event) => onChange(event.target.value)} />}
    </DialogField>
  );
}

/**
 * A staff action that asks for nothing but its reason: an ActionDialog with a ReasonField, its state (`busy`,
 * `problems`) that of the action's useStaffAction.
 */
export function ReasonDialog({
  action,
  reason,
  onReason,
  ...dialog
}: Omit<ActionDialogProps, 'busy' | 'problems' | 'children'> & {
  readonly action: { readonly busy: boolean; readonly problems: Problems };
  readonly reason: string;
  readonly onReason: (reason: string) => void;
}) {
  return (
    <ActionDialog {...dialog} busy={action.busy} problems={action.problems}>
      <ReasonField value={reason} onChange={onReason} error={action.problems.reason} />
    </ActionDialog>
  );
}
