import { useEffect, useRef, type RefObject } from 'react';

const TABBABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * A modal <dialog> for as long as the component lives: shown with showModal as it mounts (the browser makes the rest
 * of the page inert and turns Escape into its cancel event), focus put on `first(dialog)`, and on unmount closed with
 * focus given back to what had it before, when that is still on the page and the page has not put focus somewhere
 * itself (WCAG 2.4.3). Read once, at mount.
 * Tab from the dialog's last control comes round to its first, and Shift+Tab from the first to the last (the ARIA
 * practices' modal dialog): the browser alone lets focus leave the page there, and a screen reader user who Tabs on
 * from Cancel hears the address bar instead of the dialog.
 */
export function useModalDialog(first: (dialog: HTMLDialogElement) => HTMLElement | null | undefined): RefObject<HTMLDialogElement | null> {
  const dialog = useRef<HTMLDialogElement>(null);
  const firstRef = useRef(first);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const element = dialog.current;
    if (!element) return;
    element.showModal();
    firstRef.current(element)?.focus();
    const wrapTab = (event: KeyboardEvent) => {
      if (event.key !== 'Tab') return;
      const tabbable = tabbableIn(element);
      const [head, tail] = [tabbable[0], tabbable[tabbable.length - 1]];
      if (!head || !tail) return;
      const to = event.shiftKey ? (document.activeElement === head ? tail : null) : document.activeElement === tail ? head : null;
      if (!to) return;
      event.preventDefault();
      to.focus();
    };
    element.addEventListener('keydown', wrapTab);
    return () => {
      element.removeEventListener('keydown', wrapTab);
      // Where the page put focus as the dialog closed (the board's row, Find payment's button) it stays.
      const left = document.activeElement;
      element.close();
      if (opener?.isConnected && (!left || left === document.body || element.contains(left))) opener.focus();
    };
  }, []);
  return dialog;
}

/** The dialog's controls Tab stops at, in order: shown, enabled, and of a radio group only the one checked (or, with none checked, each). */
function tabbableIn(dialog: HTMLDialogElement): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>(TABBABLE)].filter((control) => {
    if (control.matches(':disabled') || control.getClientRects().length === 0) return false;
    if (!(control instanceof HTMLInputElement) || control.type !== 'radio' || control.checked) return true;
    return !dialog.querySelector(`input[type="radio"][name="${CSS.escape(control.name)}"]:checked`);
  });
}
