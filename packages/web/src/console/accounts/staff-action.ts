import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../../shared/api';
import { useT } from '../../shared/locale';
import type { Problems } from './action-dialog';
import { problemsFrom, type UserErrorLike } from './problems-from';

/**
 * A money-moving action's idempotency key: made once per attempt, that is
 * per dialog and the values confirmed in it. Pressing Confirm twice (or again
 * after a lost answer) sends the same key, so the server acts once; changing
 * the amount makes a new attempt with a new key.
 */
export function useAttemptKey(): (values: string) => string {
  const attempt = useRef<{ values: string; key: string } | null>(null);
  return useCallback((values: string) => {
    if (attempt.current?.values !== values) attempt.current = { values, key: crypto.randomUUID() };
    return attempt.current.key;
  }, []);
}

/**
 * Runs a staff action once at a time: `run` sends it (unless one is in
 * flight) and returns true when it was done; otherwise `problems` says why,
 * next to the fields.
 */
export function useStaffAction(): {
  readonly busy: boolean;
  readonly problems: Problems;
  readonly setProblems: (problems: Problems) => void;
  readonly run: (send: () => Promise<readonly UserErrorLike[] | null>) => Promise<boolean>;
} {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  const inFlight = useRef(false);
  const run = useCallback(
    async (send: () => Promise<readonly UserErrorLike[] | null>) => {
      if (inFlight.current) return false;
      inFlight.current = true;
      setBusy(true);
      try {
        const userErrors = await send();
        if (userErrors === null) {
          setProblems({ form: t('common.loadFailed') });
          return false;
        }
        setProblems(problemsFrom(userErrors));
        return userErrors.length === 0;
      } catch (error) {
        setProblems({ form: errorMessage(error) ?? t('common.loadFailed') });
        return false;
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, problems, setProblems, run };
}
