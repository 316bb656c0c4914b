import { useApolloClient } from '@apollo/client/react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { errorCode, errorMessage } from '../shared/api';
import { Field } from '../shared/field';
import { useT } from '../shared/locale';
import { isServerWords, message, serverMessage, useMessageText, type Message } from '../shared/message';
import { useSaidInLocale } from '../shared/said-in-locale';
import { FindPaymentDocument } from './board-operations';
import './accounts/accounts.css';

/** A payment found by its confirmation number: its id and number as the city stores it. */
export interface FoundPayment {
  readonly id: string;
  readonly confirmationNumber: string;
}

/** The field's problem once the page's language changes: the API's refusal, in the language Find was pressed in, is dropped. */
const problemInLocale = (problem: Message | null): Message | null => (problem && isServerWords(problem) ? null : problem);

/**
 * The payment a payer names by its confirmation number (on the phone, at the
 * counter), however long ago it was made: the board holds only what the feed
 * still replays. Found, it opens as a board row does; the number is checked
 * by the API, which says in the page's language what a confirmation number is.
 * A refused press takes focus to the field, whose description is the reason:
 * a screen reader reads it, where an error appearing under a field while
 * focus stays on the button is never heard.
 */
export function FindPayment({ onFound }: { readonly onFound: (payment: FoundPayment, opener: HTMLButtonElement) => void }) {
  const t = useT();
  const say = useMessageText();
  const ids = useId();
  const client = useApolloClient();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useSaidInLocale<Message | null>(() => null, problemInLocale);
  const [said, setSaid] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = `${ids}-number`;

  // Each refusal is a new object, so pressing again for the same reason brings focus back to the field too.
  useEffect(() => {
    if (problem) document.getElementById(fieldId)?.focus();
  }, [problem, fieldId]);

  async function find(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const opener = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement;
    const number = typed.trim();
    setSaid(null);
    if (!number) return setProblem(message('board.find.required'));
    setProblem(null);
    setBusy(true);
    try {
      const { data } = await client.query({ query: FindPaymentDocument, variables: { number }, fetchPolicy: 'network-only' });
      const found = data?.payments.edges[0]?.node;
      if (found) onFound(found, opener);
      else setSaid(message('board.find.none', { number }));
    } catch (error) {
      if (errorCode(error) === 'BAD_USER_INPUT') setProblem(serverMessage(errorMessage(error), 'board.find.failed'));
      else setSaid(message('board.find.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form role="search" className="find-payment" noValidate aria-label={t('board.find.region')} onSubmit={(event) => void find(event)}>
      <Field id={fieldId} label={t('board.find.label')} hint={t('board.find.hint')} error={problem ? say(problem) : undefined}>
        {(control) => (
          <div className="search-row">
            <input {...control} type="search" autoComplete="off" spellCheck={false} value={typed} onChange={(event) => setTyped(event.target.value)} />
            <button type="submit" aria-disabled={busy || undefined}>
              {t('board.find.submit')}
            </button>
          </div>
        )}
      </Field>
      <p role="status" className="search-status">
        {said && say(said)}
      </p>
    </form>
  );
}
