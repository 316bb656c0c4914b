import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useRef, useState } from 'react';
import { readableOnWhite } from '../../shared/colour';
import { useLocale, useT } from '../../shared/locale';
import type { PageTenant } from '../../shared/page-tenant';
import { HostedFields, type HostedFieldsHandle } from '../hosted-fields';
import { AccountOptionsDocument, PaymentMethodsDocument, RemoveMethodDocument, SaveMethodDocument } from './account-operations';
import { methodLabel } from './method-label';
import { NotLoaded } from '../../shared/not-loaded';

/** Saved cards and bank accounts: added through the processor's form (only its token reaches the API), removed here. */
export function WalletPage({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  const { locale } = useLocale();
  const ids = useId();
  const options = useQuery(AccountOptionsDocument).data?.tenant;
  const { data, error, refetch } = useQuery(PaymentMethodsDocument);
  const [adding, setAdding] = useState<'CARD' | 'BANK_ACCOUNT' | null>(null);
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState('');
  const hosted = useRef<HostedFieldsHandle>(null);
  const busy = useRef(false);
  const [save, { loading: saving }] = useMutation(SaveMethodDocument);
  const [remove] = useMutation(RemoveMethodDocument);

  async function saveNew() {
    if (busy.current) return;
    busy.current = true;
    setProblem('');
    try {
      const outcome = await hosted.current!.submit();
      if (outcome.type === 'invalid') return setProblem(t('portal.pay.checkDetails'));
      if (outcome.type === 'error') return setProblem(outcome.message || t('common.loadFailed'));
      const { data: result } = await save({ variables: { token: outcome.method.token } });
      const errors = result?.savePaymentMethod.userErrors ?? [];
      const saved = result?.savePaymentMethod.paymentMethod;
      if (errors.length > 0 || !saved) return setProblem(errors.map((e) => e.message).join(' ') || t('common.loadFailed'));
      setAdding(null);
      // Said once the list shows it.
      await refetch();
      setMessage(t('account.wallet.saved', { method: methodLabel(t, saved) }));
    } catch {
      setProblem(t('common.loadFailed'));
    } finally {
      busy.current = false;
    }
  }

  async function removeMethod(id: string, label: string) {
    setProblem('');
    try {
      const { data: result } = await remove({ variables: { id } });
      const errors = result?.removePaymentMethod.userErrors ?? [];
      if (errors.length > 0) return setProblem(errors.map((e) => e.message).join(' '));
      await refetch();
      setMessage(t('account.wallet.removed', { method: label }));
    } catch {
      setProblem(t('common.loadFailed'));
    }
  }

  const methods = data?.paymentMethods ?? [];
  return (
    <>
      <h1 tabIndex={-1}>{t('account.wallet.heading')}</h1>
      <p role="status">{message}</p>
      {problem && (
        <div className="error-summary" role="alert">
          <p>{problem}</p>
        </div>
      )}
      {!data ? (
        <NotLoaded failed={!!error} onRetry={() => void refetch()} />
      ) : methods.length === 0 ? (
        <p>{t('account.wallet.none')}</p>
      ) : (
        <ul className="plain-list wallet-list">
          {methods.map((method) => {
            const label = methodLabel(t, method);
            return (
              <li key={method.id} className="card">
                <span>
                  {label}
                  {method.expMonth && method.expYear ? ` · ${t('account.wallet.expires', { month: String(method.expMonth).padStart(2, '0'), year: method.expYear })}` : ''}
                </span>
                <button type="button" className="secondary" onClick={() => void removeMethod(method.id, label)} aria-label={t('account.wallet.removeNamed', { method: label })}>
                  {t('account.wallet.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {options && (
        <section className="card" aria-labelledby={`${ids}-add`}>
          <h2 id={`${ids}-add`}>{t('account.wallet.addHeading')}</h2>
          {adding ? (
            <>
              <HostedFields
                key={`${adding}-${locale}`}
                ref={hosted}
                hostedFieldsUrl={options.payments.hostedFieldsUrl}
                kind={adding}
                brands={options.payments.acceptedCardBrands}
                locale={locale}
                primaryColour={readableOnWhite(tenant.branding.primaryColor)}
                title={t(adding === 'CARD' ? 'portal.pay.cardFrameTitle' : 'portal.pay.bankFrameTitle')}
              />
              <p className="hint">{t('portal.pay.secureNote')}</p>
              <div className="actions">
                <button type="button" onClick={() => void saveNew()} disabled={saving}>
                  {t(adding === 'CARD' ? 'account.wallet.saveCard' : 'account.wallet.saveBank')}
                </button>
                <button type="button" className="secondary" onClick={() => setAdding(null)}>
                  {t('portal.pay.cancel')}
                </button>
              </div>
            </>
          ) : (
            <div className="actions">
              <button type="button" onClick={() => setAdding('CARD')}>
                {t('account.wallet.addCard')}
              </button>
              {options.payments.echeckAccepted && (
                <button type="button" className="secondary" onClick={() => setAdding('BANK_ACCOUNT')}>
                  {t('account.wallet.addBank')}
                </button>
              )}
            </div>
          )}
        </section>
      )}
    </>
  );
}
