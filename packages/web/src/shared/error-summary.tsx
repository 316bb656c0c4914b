import { useEffect, useRef } from 'react';
import { useT } from './locale';
import { useMessageText, type Message } from './message';
import { useErrorInTitle } from './page-title';

/**
 * Errors a person can fix, listed at the top with links to their fields
 * (WCAG 3.3.1): `problems` by field id, "" for the form as a whole. It takes
 * focus whenever `problems` changes to a non-empty one, so a screen reader
 * reads it at once, and puts "Error: " in the document's title while shown.
 * Shared by the portal's forms and the console's.
 */
export function ErrorSummary({ problems, id }: { readonly problems: Readonly<Record<string, Message>>; readonly id: string }) {
  const t = useT();
  const say = useMessageText();
  const box = useRef<HTMLDivElement>(null);
  const entries = Object.entries(problems);
  useEffect(() => {
    if (entries.length > 0) box.current?.focus();
  }, [problems, entries.length]);
  useErrorInTitle(entries.length > 0);
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={box} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('common.problem')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field || 'form'}>{field ? <a href={`#${field}`}>{say(message)}</a> : say(message)}</li>
        ))}
      </ul>
    </div>
  );
}
