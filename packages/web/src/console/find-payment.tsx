import { useApolloClient } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { errorCode, errorMessage } from '../shared/api';
import { Field } from '../shared/field';
import { useT } from '../shared/locale';
import { FindPaymentDocument } from './board-operations';
import './accounts/accounts.css';

/** A payment found by its confirmation number: its id and number as the city stores it. */
export interface FoundPayment {
  readonly id: string;
  readonly confirmationNumber: string;
}

/**
 * The payment a payer names by its confirmation number (on the phone, at the
 * counter), however long ago it was made: the board holds only what the feed
 * still replays. Found, it opens as a board row does; the number is checked
 * by the API, which says in the page's language what a confirmation number is.
 */
export function FindPayment({ onFound }: { readonly onFound: (payment: FoundPayment, opener: HTMLButtonElement) => void }) {
  const t = useT();
  const ids = useId();
  const client = useApolloClient();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const [busy, setBusy] = useState(false);

  async function find(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const opener = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement;
    const number = typed.trim();
    setSaid('');
    if (!number) return setProblem(t('board.find.required'));
    setProblem(null);
    setBusy(true);
    try {
      const { data } = await client.query({ query: FindPaymentDocument, variables: { number }, fetchPolicy: 'network-only' });
      const found = data?.payments.edges[0]?.node;
      if (found) onFound(found, opener);
      else setSaid(t('board.find.none', { number }));
    } catch (error) {
      if (errorCode(error) === 'BAD_USER_INPUT') setProblem(errorMessage(error) ?? t('board.find.failed'));
      else setSaid(t('board.find.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form role="search" className="find-payment" noValidate aria-label={t('board.find.region')} onSubmit={(event) => void find(event)}>
      <Field id={`${ids}-number`} label={t('board.find.label')} hint={t('board.find.hint')} error={problem ?? undefined}>
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
        {said}
      </p>
    </form>
  );
}
