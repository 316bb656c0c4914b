import { useEffect, useRef, type RefObject } from 'react';

/**
 * A modal <dialog> for as long as the component lives: shown with showModal as it mounts (the browser keeps focus
 * inside and turns Escape into its cancel event), focus put on `first(dialog)`, and on unmount closed with focus given
 * back to what had it before, when that is still on the page (WCAG 2.4.3). Read once, at mount.
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
    return () => {
      element.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return dialog;
}
