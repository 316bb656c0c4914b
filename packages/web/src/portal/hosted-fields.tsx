import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import type { Locale } from '../shared/i18n/translate';

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

/** What a submit came to: a token, fields the form refused (it shows why itself), or the form could not tokenize. */
export type HostedFieldsOutcome = { readonly type: 'token'; readonly method: TokenizedMethod } | { readonly type: 'invalid' } | { readonly type: 'error'; readonly message: string };

export interface HostedFieldsHandle {
  /** Asks the form to check and tokenize what was typed. */
  submit(): Promise<HostedFieldsOutcome>;
}

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
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(320);
  const pending = useRef<((outcome: HostedFieldsOutcome) => void) | null>(null);
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

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== formOrigin || event.source !== frame.current?.contentWindow) return;
      const data = event.data as { type?: unknown; height?: unknown; token?: unknown; kind?: unknown; brand?: unknown; last4?: unknown; message?: unknown } | null;
      if (!data || typeof data !== 'object') return;
      if (data.type === 'hosted-fields:ready' && typeof data.height === 'number') setHeight(Math.min(Math.max(data.height, 100), 2000));
      const settle = (outcome: HostedFieldsOutcome) => {
        pending.current?.(outcome);
        pending.current = null;
      };
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
  }, [formOrigin]);

  useImperativeHandle(
    ref,
    () => ({
      submit: () =>
        new Promise<HostedFieldsOutcome>((resolve) => {
          pending.current?.({ type: 'error', message: '' });
          pending.current = resolve;
          frame.current?.contentWindow?.postMessage({ type: 'hosted-fields:submit' }, formOrigin);
        }),
    }),
    [formOrigin],
  );

  return <iframe ref={frame} className="hosted-fields" title={props.title} src={src} style={{ height }} />;
});
