import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorCode, errorMessage } from '../../shared/api';
import type { MessageKey } from '../../shared/i18n/translate';
import { useT } from '../../shared/locale';
import type { Problems } from './action-dialog';
import { ACCOUNT_QUERIES } from './accounts-operations';
import { isAnswer, outcomeOfAnswer, problemsFrom, type UserErrorLike } from './problems-from';

/*
 * Money-moving staff actions' idempotency keys, one per attempt: per action
 * and the values confirmed (a refund of 20.00 of payment P), kept for as long
 * as the console page is open, outside any dialog. Confirm pressed twice,
 * again after a lost answer, or in the dialog opened anew sends the same key,
 * so the server acts once; once an answer says what happened the attempt is
 * over, and the same values again are a new attempt.
 */
const attemptKeys = new Map<string, string>();

/** The key of the attempt at `attempt` (e.g. "refund <payment id> 20.00"), made now if there is none under way. */
export function attemptKeyFor(attempt: string): string {
  let key = attemptKeys.get(attempt);
  if (!key) attemptKeys.set(attempt, (key = crypto.randomUUID()));
  return key;
}

/** The server answered the attempt (done or refused): the same values again are a new attempt. */
export function attemptSettled(attempt: string): void {
  attemptKeys.delete(attempt);
}

/**
 * How a staff action went: done; refused (the server answered, and said
 * why); unknown (no answer: whether it was done is not known, so its key is
 * kept); busy (one was already in flight, this press sent nothing).
 */
export type StaffOutcome = 'done' | 'refused' | 'unknown' | 'busy';

/**
 * Runs a staff action once at a time: `run` sends it (unless one is in
 * flight) and says how it went; when it was not done `problems` says why,
 * next to the fields. When no answer came, `unconfirmed` says so (it may
 * have been done) and the account page is read again, now and when the
 * dialog closes, so what it shows says whether it was.
 */
export function useStaffAction(unconfirmed: MessageKey = 'accounts.action.unconfirmed'): {
  readonly busy: boolean;
  readonly problems: Problems;
  readonly setProblems: (problems: Problems) => void;
  readonly run: (send: () => Promise<readonly UserErrorLike[] | null>) => Promise<StaffOutcome>;
} {
  const t = useT();
  const client = useApolloClient();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  const inFlight = useRef(false);
  const unanswered = useRef(false);
  const reread = useCallback(() => void client.refetchQueries({ include: ACCOUNT_QUERIES }).catch(() => undefined), [client]);
  // Closed (Cancel, Escape) after an attempt nobody answered: the mutation's own refetch never ran.
  useEffect(
    () => () => {
      if (unanswered.current) reread();
    },
    [reread],
  );
  const run = useCallback(
    async (send: () => Promise<readonly UserErrorLike[] | null>): Promise<StaffOutcome> => {
      if (inFlight.current) return 'busy';
      inFlight.current = true;
      setBusy(true);
      try {
        const userErrors = await send();
        const outcome = userErrors === null ? 'unknown' : outcomeOfAnswer(userErrors);
        unanswered.current = outcome === 'unknown';
        setProblems(userErrors === null ? { form: t(unconfirmed) } : problemsFrom(userErrors));
        if (userErrors === null) reread();
        return outcome;
      } catch (error) {
        // An error the server answered with (not allowed, not found...) is an answer; a lost request or a server fault
        // (the database lost after the processor was asked) is not: it may have been done.
        const answered = isAnswer(errorCode(error));
        unanswered.current = !answered;
        setProblems({ form: answered ? (errorMessage(error) ?? t('common.loadFailed')) : t(unconfirmed) });
        if (!answered) reread();
        return answered ? 'refused' : 'unknown';
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [t, unconfirmed, reread],
  );
  return { busy, problems, setProblems, run };
}
