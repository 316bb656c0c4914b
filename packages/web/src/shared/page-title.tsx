import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useT } from './locale';

/*
 * The document's title names the page a person is on (WCAG 2.4.2), since a
 * screen reader says it first and a tab shows it: the page's heading, then
 * the app's and the city's names ("Step 1 of 3: Find your account · Pay your
 * utility bill · City of Norwalk"), with "Error: " in front while an error
 * summary is on the page. A page names itself with usePageTitle; one without
 * it is titled with the app's and the city's names alone.
 */

interface TitleParts {
  readonly setHeading: (heading: string | null) => void;
  /** Counts the error summaries shown: a page may have more than one form. */
  readonly countErrors: (change: 1 | -1) => void;
}

const TitleContext = createContext<TitleParts | null>(null);

/** Writes the document's title; `site` is the app's and the city's names ("Pay your utility bill · City of Norwalk"). */
export function PageTitleProvider({ site, children }: { readonly site: string; readonly children: ReactNode }) {
  const t = useT();
  const [heading, setHeading] = useState<string | null>(null);
  const [errors, setErrors] = useState(0);
  const parts = useMemo<TitleParts>(() => ({ setHeading, countErrors: (change) => setErrors((count) => count + change) }), []);
  useEffect(() => {
    // A heading that only repeats the app's name (the portal's home) is said once.
    const title = heading && !site.startsWith(`${heading} · `) ? `${heading} · ${site}` : site;
    document.title = errors > 0 ? t('common.titleError', { title }) : title;
  }, [t, site, heading, errors]);
  return <TitleContext.Provider value={parts}>{children}</TitleContext.Provider>;
}

/** Names the page in the document's title while it is shown: its heading, as the person reads it. */
export function usePageTitle(heading: string): void {
  const parts = useContext(TitleContext);
  useEffect(() => {
    parts?.setHeading(heading);
    return () => parts?.setHeading(null);
  }, [parts, heading]);
}

/** "Error: " in front of the title while `shown` (an error summary on the page). */
export function useErrorInTitle(shown: boolean): void {
  const parts = useContext(TitleContext);
  useEffect(() => {
    if (!shown || !parts) return;
    parts.countErrors(1);
    return () => parts.countErrors(-1);
  }, [parts, shown]);
}
