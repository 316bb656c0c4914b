import { useEffect, useRef } from 'react';
import { isServerWords, useMessageText, type Message } from '../shared/message';

/** What a live page's action (Approve, Decline) came to, kept as a Message so it follows a switch of language; a problem is an alert. */
export type Outcome = { readonly said: Message; readonly problem: boolean };

/**
 * An outcome once the page's language changes: the API's refusal is in the language the button was pressed in, and is
 * dropped rather than kept in the other (the row stays, its action offered again if it may be).
 */
export const outcomeInLocale = (outcome: Outcome | null): Outcome | null => (outcome && isServerWords(outcome.said) ? null : outcome);

/** The outcome, taking focus as it comes so a screen reader reads it: a status, or an alert for a problem. */
export function OutcomeNotice({ outcome }: { readonly outcome: Outcome | null }) {
  const say = useMessageText();
  const notice = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (outcome) notice.current?.focus();
  }, [outcome]);
  if (!outcome) return null;
  return (
    <p ref={notice} tabIndex={-1} role={outcome.problem ? 'alert' : 'status'} className={outcome.problem ? 'field-error' : 'notice'}>
      {say(outcome.said)}
    </p>
  );
}
