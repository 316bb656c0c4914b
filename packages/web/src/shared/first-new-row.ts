import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Where focus goes once "more" has added rows to a list: to the first row
 * it added, so a keyboard or screen-reader user reads on from there. The
 * button they pressed may be gone (there is no further page), and focus
 * would fall to the top of the document.
 *
 * `added(shownBefore)` after the rows arrived, with how many there were
 * before; `refAt(index)` is the ref for the focusable element of the row at
 * `index` (a link, or a cell with tabIndex -1).
 */
export function useFirstNewRow<T extends HTMLElement>(): {
  readonly added: (shownBefore: number) => void;
  readonly refAt: (index: number) => RefObject<T | null> | undefined;
} {
  const [first, setFirst] = useState<{ readonly index: number } | null>(null);
  const target = useRef<T>(null);
  useEffect(() => {
    if (first) target.current?.focus();
  }, [first]);
  const added = useCallback((shownBefore: number) => setFirst({ index: shownBefore }), []);
  const refAt = (index: number) => (index === first?.index ? target : undefined);
  return { added, refAt };
}
