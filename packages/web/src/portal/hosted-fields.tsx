import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import type { Locale } from '../shared/i18n/translate';
import { useT } from '../shared/locale';
import { LOAD_LIMIT_MS, useFrameReadiness } from './frame-readiness';

/*
 * The processor's hosted payment form in a frame (PCI SAQ A): card and bank
 * numbers are typed into the processor's page, tokenized there, and only the
 * token comes back by postMessage. Messages are taken from the form's origin
 * and its window alone, and sent to that origin alone.
 */

interface TokenizedMethod {
  readonly token: string;
  readonly kind: string;
  readonly brand: string | null;
  readonly last4: string;
}

/**
 * What a submit came to: a token, fields the form refused (it shows why
 * itself), the form could not tokenize or did not answer in time, or the form
 * never loaded (this component says so itself, with a way to load it again).
 */
export type HostedFieldsOutcome =
  { readonly type: 'token'; readonly method: TokenizedMethod } | { readonly type: 'invalid' } | { readonly type: 'error'; readonly message: string } | { readonly type: 'unavailable' };

export interface HostedFieldsHandle {
  /**
   * Asks the form to check and tokenize what was typed. Always settles, timed
   * from this call: within SUBMIT_LIMIT_MS when the form is ready, within
   * SUBMIT_LIMIT_MS + LOAD_LIMIT_MS while it still loads (it is sent once the
   * form says it is ready), and at once when the form failed to load.
   */
  submit(): Promise<HostedFieldsOutcome>;
}

/** Tokenizing is one request to the processor: a form that takes longer has lost it, and the payer gets the buttons back. */
const SUBMIT_LIMIT_MS = 20_000;

interface HostedFieldsProps {
  readonly hostedFieldsUrl: string;
  readonly kind: 'CARD' | 'BANK_ACCOUNT';
  /** The city's card brands: the form refuses the others as they are typed, before any request. */
  readonly brands: readonly string[];
  readonly locale: Locale;
  /** The city's colour for focus rings and the like (already readable on white). */
  readonly primaryColour: string;
  readonly title: string;
}

export const HostedFields = forwardRef<HostedFieldsHandle, HostedFieldsProps>(function HostedFields(props, ref) {
  const t = useT();
  const frame = useRef<HTMLIFrameElement>(null);
  const notLoaded = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(320);
  // Set when a failed load ends a waiting submit: the alert then takes the focus the payer's button had.
  const focusNotice = useRef(false);
  const pending = useRef<((outcome: HostedFieldsOutcome) => void) | null>(null);
  const submitWhenReady = useRef(false);
  const formOrigin = useMemo(() => new URL(props.hostedFieldsUrl, location.href).origin, [props.hostedFieldsUrl]);
  const src = useMemo(() => {
    const url = new URL(props.hostedFieldsUrl, location.href);
    url.search = new URLSearchParams({
      origin: location.origin,
      kind: props.kind === 'CARD' ? 'card' : 'bank_account',
      ...(props.kind === 'CARD' ? { brands: props.brands.join(',') } : {}),
      lang: props.locale,
      colorPrimary: props.primaryColour,
    }).toString();
    return url.toString();
  }, [props.hostedFieldsUrl, props.kind, props.brands, props.locale, props.primaryColour]);

  const settle = useCallback((outcome: HostedFieldsOutcome) => {
    pending.current?.(outcome);
    pending.current = null;
    submitWhenReady.current = false;
  }, []);

  const onFailed = useCallback(() => {
    if (!pending.current) return;
    settle({ type: 'unavailable' });
    focusNotice.current = true;
  }, [settle]);
  const { status, shown, frameKey, onLoad, onReady, reload } = useFrameReadiness(src, onFailed);

  useEffect(() => {
    if (shown !== 'failed' || !focusNotice.current) return;
    focusNotice.current = false;
    notLoaded.current?.focus();
  }, [shown]);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== formOrigin || event.source !== frame.current?.contentWindow) return;
      const data = event.data as { type?: unknown; height?: unknown; token?: unknown; kind?: unknown; brand?: unknown; last4?: unknown; message?: unknown } | null;
      if (!data || typeof data !== 'object') return;
      if (data.type === 'hosted-fields:ready' && typeof data.height === 'number') {
        setHeight(Math.min(Math.max(data.height, 100), 2000));
        onReady();
        if (submitWhenReady.current) {
          submitWhenReady.current = false;
          frame.current?.contentWindow?.postMessage({ type: 'hosted-fields:submit' }, formOrigin);
        }
      }
      if (data.type === 'hosted-fields:token' && typeof data.token === 'string') {
        settle({
          type: 'token',
          method: {
            token: data.token,
            kind: typeof data.kind === 'string' ? data.kind : '',
            brand: typeof data.brand === 'string' ? data.brand : null,
            last4: typeof data.last4 === 'string' ? data.last4 : '',
          },
        });
      } else if (data.type === 'hosted-fields:invalid') {
        settle({ type: 'invalid' });
      } else if (data.type === 'hosted-fields:error') {
        settle({ type: 'error', message: typeof data.message === 'string' ? data.message : '' });
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [formOrigin, settle, onReady]);

  useImperativeHandle(
    ref,
    () => ({
      submit: () =>
        new Promise<HostedFieldsOutcome>((resolve) => {
          settle({ type: 'error', message: '' });
          if (status() === 'failed') {
            notLoaded.current?.focus();
            return resolve({ type: 'unavailable' });
          }
          const done = (outcome: HostedFieldsOutcome) => {
            clearTimeout(limit);
            resolve(outcome);
          };
          const limit = setTimeout(() => pending.current === done && settle({ type: 'error', message: '' }), SUBMIT_LIMIT_MS + (status() === 'ready' ? 0 : LOAD_LIMIT_MS));
          pending.current = done;
          // A message to a form still loading would be lost: it goes once the form says it is ready.
          if (status() === 'ready') frame.current?.contentWindow?.postMessage({ type: 'hosted-fields:submit' }, formOrigin);
          else submitWhenReady.current = true;
        }),
    }),
    [formOrigin, settle, status],
  );

  return (
    <>
      {shown === 'failed' && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={notLoaded}>
          <p>{t(props.kind === 'CARD' ? 'portal.pay.cardFormNotLoaded' : 'portal.pay.bankFormNotLoaded')}</p>
          <button type="button" onClick={reload}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {/* Hidden, not unmounted, once failed: a form that was only slow still says 'ready' and comes back. */}
      <iframe key={frameKey} ref={frame} className="hosted-fields" title={props.title} src={src} style={{ height }} hidden={shown === 'failed'} onLoad={onLoad} />
    </>
  );
});
