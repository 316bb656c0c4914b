import { useRef, useState } from 'react';
import { useSaidInLocale } from '../shared/said-in-locale';
import { serverProblem } from './form-parts';
import type { SentAttempt } from './guest-flow';
import type { HostedFieldsHandle } from './hosted-fields';
import { isUnanswered, troubleInLocale, type Trouble } from './payment-trouble';

/**
 * A payment page's attempts: one at a time whatever the clicks, and what
 * stopped the last. `sent` is the attempt the page opened with, sent and
 * unanswered (a reload while it was on its way, or after its answer was
 * lost): that is said at once.
 */
export function usePaymentAttempt(sent: SentAttempt | undefined) {
  // A ref, not state: state would let a double click through before it re-renders.
  const inFlight = useRef(false);
  const [paying, setPaying] = useState(false);
  const [trouble, setTrouble] = useSaidInLocale<Trouble | null>(() => (sent ? { kind: sent.inDoubt ? 'doubt' : 'network' } : null), troubleInLocale);

  /** Runs `send` unless an attempt is already on its way; `paying` until it settles. */
  async function attempt(send: () => Promise<void>): Promise<void> {
    if (inFlight.current) return;
    inFlight.current = true;
    setPaying(true);
    try {
      await send();
    } finally {
      inFlight.current = false;
      setPaying(false);
    }
  }

  /**
   * The payment the hosted form's new card or bank account makes, sent with
   * the total shown at Pay; undefined when the form gives no token, the
   * trouble said (a form that did not load says so itself, with its own Try
   * again).
   */
  async function sentFromHostedForm(form: HostedFieldsHandle, confirmedTotal: string): Promise<SentAttempt | undefined> {
    const outcome = await form.submit();
    if (outcome.type === 'unavailable') return undefined;
    if (outcome.type === 'invalid') {
      setTrouble({ kind: 'check' });
      return undefined;
    }
    if (outcome.type === 'error') {
      setTrouble({ kind: 'refused', messages: [serverProblem(outcome.message, 'common.loadFailed')] });
      return undefined;
    }
    const { token, kind, brand, last4 } = outcome.method;
    return { source: { token }, method: { kind, brand, last4 }, confirmedTotal };
  }

  return { paying, trouble, setTrouble, unanswered: isUnanswered(trouble), attempt, sentFromHostedForm };
}
