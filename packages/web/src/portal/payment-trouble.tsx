import { useEffect, useId, useRef } from 'react';
import { useT } from '../shared/locale';

/** What stopped a payment: a decline (with what to do next), a network error (retry: same key), refusals, or fields the processor's form wants fixed. */
export type Trouble =
  { readonly kind: 'decline'; readonly message: string } | { readonly kind: 'network' } | { readonly kind: 'refused'; readonly messages: readonly string[] } | { readonly kind: 'check' };

/** What to do next after a decline, by its code; the server's own sentence for codes the pages do not know. */
export const DECLINE_ADVICE = {
  CARD_DECLINED: 'portal.pay.decline.CARD_DECLINED',
  INSUFFICIENT_FUNDS: 'portal.pay.decline.INSUFFICIENT_FUNDS',
  EXPIRED_CARD: 'portal.pay.decline.EXPIRED_CARD',
  PROCESSING_ERROR: 'portal.pay.decline.PROCESSING_ERROR',
  BANK_ACCOUNT_INVALID: 'portal.pay.decline.BANK_ACCOUNT_INVALID',
} as const;

/** The box that says what went wrong with a payment, taking focus as it appears (the 'check' kind is said at the form instead). */
export function PaymentTrouble({ trouble }: { readonly trouble: Trouble | null }) {
  const t = useT();
  const ids = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (trouble && trouble.kind !== 'check') box.current?.focus();
  }, [trouble]);
  if (!trouble || trouble.kind === 'check') return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={box} aria-labelledby={`${ids}-trouble`}>
      <h2 id={`${ids}-trouble`}>{t(trouble.kind === 'decline' ? 'portal.pay.declined' : trouble.kind === 'network' ? 'portal.pay.networkHeading' : 'portal.pay.problem')}</h2>
      {trouble.kind === 'decline' && (
        <>
          <p>{trouble.message}</p>
          <p>{t('portal.pay.declineNotCharged')}</p>
        </>
      )}
      {trouble.kind === 'network' && <p>{t('portal.pay.networkError')}</p>}
      {trouble.kind === 'refused' && (
        <ul>
          {trouble.messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
