import { useId, type ReactNode } from 'react';
import { useModalDialog } from '../../shared/modal-dialog';

/**
 * The portal's question before a change that is not easily undone (unlinking an account, closing the online account):
 * a modal <dialog> (useModalDialog: the rest of the page inert, Tab kept inside), labelled by its title and described
 * by what happens. On open, focus goes to the element of `children` marked `data-autofocus` (what the person should
 * meet first); on close, back to the element that opened it, if it is still there. Escape closes it through
 * the page's state (`onClose`), as the dialog's own Cancel does, unless `busy()` says an answer is on its way.
 */
export function ConfirmDialog({
  title,
  description,
  busy,
  onClose,
  onSubmit,
  children,
}: {
  readonly title: string;
  readonly description: ReactNode;
  readonly busy: () => boolean;
  readonly onClose: () => void;
  readonly onSubmit: () => void;
  readonly children: ReactNode;
}) {
  const ids = useId();
  const dialog = useModalDialog((element) => element.querySelector<HTMLElement>('[data-autofocus]'));

  return (
    <dialog
      ref={dialog}
      className="modal-dialog confirm-dialog"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-description`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy()) onClose();
      }}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <h2 id={`${ids}-title`}>{title}</h2>
        <div id={`${ids}-description`}>{description}</div>
        {children}
      </form>
    </dialog>
  );
}
