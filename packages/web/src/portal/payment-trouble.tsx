import { useEffect, useId, useRef, type ReactNode } from 'react';
import { errorCode, errorMessage } from '../shared/api';
import { useT } from '../shared/locale';
import { isServerWords, problem, serverProblem, useProblemText, type Problem } from './form-parts';

/**
 * What stopped a payment: a decline (with what to do next), a lost answer
 * ('network': retry, same key, same request), a retry refused as a different
 * request ('doubt': the first may have been charged), refusals, the retry of a
 * lost answer refused outright ('retryRefused': the first may have been
 * charged, so it is kept for Try again), or fields the processor's form wants
 * fixed.
 */
export type Trouble =
  /** `message` is null once the server's advice is dropped by a switch of language (troubleInLocale). */
  | { readonly kind: 'decline'; readonly message: Problem | null }
  | { readonly kind: 'network' }
  | { readonly kind: 'doubt' }
  | { readonly kind: 'refused'; readonly messages: readonly Problem[] }
  | { readonly kind: 'retryRefused'; readonly messages: readonly Problem[] }
  | { readonly kind: 'check' };

/** Whether a payment's answer was lost: what is paid and how stay as sent until an answer settles it. */
export const isUnanswered = (trouble: Trouble | null): boolean => trouble?.kind === 'network' || trouble?.kind === 'doubt' || trouble?.kind === 'retryRefused';

/**
 * A payment request the server refused outright, before recording or charging anything: too many declined attempts
 * (its answer says when to try again), or a session that ended elsewhere (a password changed on another device), which
 * is an answer, not a lost one. Null for any other failure: whether it was charged is unknown.
 *
 * `retry`: whether this request sent again an attempt already sent, whose answer was lost. Only a first send refused
 * charged nothing: the next Pay is a new attempt ('refused'). A retry refused says nothing of the first send, which may
 * have charged the card: the attempt stays as sent, under its key, for Try again once the payer may send it
 * ('retryRefused'), and a new key would charge twice.
 */
export function refusedRequest(error: unknown, { retry }: { readonly retry: boolean }): Trouble | null {
  const code = errorCode(error);
  if (code === 'RATE_LIMITED') {
    const said = serverProblem(errorMessage(error), 'common.loadFailed');
    return retry ? { kind: 'retryRefused', messages: [said, problem('portal.pay.retryLimited')] } : { kind: 'refused', messages: [said] };
  }
  if (code === 'UNAUTHENTICATED') return retry ? { kind: 'retryRefused', messages: [problem('portal.pay.retrySessionEnded')] } : { kind: 'refused', messages: [problem('portal.pay.sessionEnded')] };
  return null;
}

/** What to do next after a decline, by its code; the server's own sentence for codes the pages do not know. */
const DECLINE_ADVICE = {
  CARD_DECLINED: 'portal.pay.decline.CARD_DECLINED',
  INSUFFICIENT_FUNDS: 'portal.pay.decline.INSUFFICIENT_FUNDS',
  EXPIRED_CARD: 'portal.pay.decline.EXPIRED_CARD',
  PROCESSING_ERROR: 'portal.pay.decline.PROCESSING_ERROR',
  BANK_ACCOUNT_INVALID: 'portal.pay.decline.BANK_ACCOUNT_INVALID',
} as const;

/** What a decline (the payment's first userError) tells the payer to do next. */
export function declineAdvice(error: { readonly code: string; readonly message: string } | undefined): Problem {
  const code = error?.code ?? '';
  return code in DECLINE_ADVICE ? problem(DECLINE_ADVICE[code as keyof typeof DECLINE_ADVICE]) : { text: error?.message ?? '' };
}

/**
 * What is still true of a trouble once the page's language changes: the
 * server's words are in the language the payment was sent in, so they go. A
 * decline keeps its heading and "nothing was charged"; a refusal keeps its
 * box, saying in the new language that the payment was not made (a refused
 * retry: that the first send may have gone through), rather than vanishing
 * from a payer who may have switched to understand it. The same
 * object when nothing changes (the box takes focus whenever it changes).
 */
export function troubleInLocale(trouble: Trouble | null): Trouble | null {
  if (trouble?.kind === 'decline' && trouble.message && isServerWords(trouble.message)) return { kind: 'decline', message: null };
  if ((trouble?.kind !== 'refused' && trouble?.kind !== 'retryRefused') || !trouble.messages.some(isServerWords)) return trouble;
  const pageOwn = trouble.messages.filter((said) => !isServerWords(said));
  // A retry refused always says in the page's own words that the first send may have gone through (refusedRequest).
  if (trouble.kind === 'retryRefused') return { kind: 'retryRefused', messages: pageOwn };
  return { kind: 'refused', messages: pageOwn.length > 0 ? pageOwn : [problem('portal.pay.refusedNotCharged')] };
}

/** What the box says, and offers, when the earlier payment may have gone through. */
interface Doubt {
  /** What it may have charged, as the page shows it. */
  readonly amount: string;
  /** Where this payer can find out whether it was charged. */
  readonly howToFindOut: ReactNode;
  /** The deliberate way to pay anew: only the payer, told so, starts a new attempt. */
  readonly onPayAnew: () => void;
}

/** The box that says what went wrong with a payment, taking focus as it appears (the 'check' kind is said at the form instead: CheckDetailsAlert). */
export function PaymentTrouble({ trouble, doubt }: { readonly trouble: Trouble | null; readonly doubt: Doubt }) {
  const t = useT();
  const say = useProblemText();
  const ids = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (trouble && trouble.kind !== 'check') box.current?.focus();
  }, [trouble]);
  if (!trouble || trouble.kind === 'check') return null;
  const heading = {
    decline: 'portal.pay.declined',
    network: 'portal.pay.networkHeading',
    doubt: 'portal.pay.doubtHeading',
    refused: 'portal.pay.problem',
    retryRefused: 'portal.pay.networkHeading',
  } as const;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={box} aria-labelledby={`${ids}-trouble`}>
      <h2 id={`${ids}-trouble`}>{t(heading[trouble.kind])}</h2>
      {trouble.kind === 'decline' && (
        <>
          {trouble.message && <p>{say(trouble.message)}</p>}
          <p>{t('portal.pay.declineNotCharged')}</p>
        </>
      )}
      {trouble.kind === 'network' && (
        <>
          <p>{t('portal.pay.networkError')}</p>
          <p>{t('portal.pay.networkKept')}</p>
        </>
      )}
      {trouble.kind === 'doubt' && (
        <>
          <p>{t('portal.pay.doubtText', { amount: doubt.amount })}</p>
          {doubt.howToFindOut}
          <button type="button" onClick={doubt.onPayAnew}>
            {t('portal.pay.payAnew')}
          </button>
        </>
      )}
      {(trouble.kind === 'refused' || trouble.kind === 'retryRefused') && (
        <ul>
          {trouble.messages.map(say).map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {trouble.kind === 'retryRefused' && <p>{t('portal.pay.networkKept')}</p>}
    </div>
  );
}

/** The 'check' kind, said under the processor's form: the form marks each field it refused, and this asks the payer to look there. */
export function CheckDetailsAlert({ trouble }: { readonly trouble: Trouble | null }) {
  const t = useT();
  if (trouble?.kind !== 'check') return null;
  return (
    <p className="field-error" role="alert">
      {t('portal.pay.checkDetails')}
    </p>
  );
}
