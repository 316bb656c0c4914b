import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useRef, useState } from 'react';
import { readableOnWhite } from '../../shared/colour';
import { useLocale, useT } from '../../shared/locale';
import { navigate } from '../../shared/navigation';
import type { PageTenant } from '../../shared/page-tenant';
import { centsToDecimal, newAttemptKey, parseAmountCents } from '../guest-flow';
import { formatDecimal } from '../guest-pay';
import { HostedFields, type HostedFieldsHandle, type TokenizedMethod } from '../hosted-fields';
import { DECLINE_ADVICE, PaymentTrouble, type Trouble } from '../payment-trouble';
import { AccountOptionsDocument, PayAccountsDocument, PaymentMethodsDocument } from './account-operations';
import { AppLink } from './app-link';
import { methodLabel } from './method-label';
import { loadSelection, saveSelection, type PaySelection } from './pay-selection';

type Choice = { readonly kind: 'saved'; readonly id: string } | { readonly kind: 'new'; readonly methodKind: 'CARD' | 'BANK_ACCOUNT' };

/** Several linked accounts paid in one payment: a saved method, or a new card or bank account in the processor's form (as the guest's step 3). */
export function RegisteredPayPage({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  const { locale } = useLocale();
  const ids = useId();
  const [selection, setSelection] = useState<PaySelection | null>(() => loadSelection(tenant.slug));
  const options = useQuery(AccountOptionsDocument).data?.tenant;
  const methods = useQuery(PaymentMethodsDocument).data?.paymentMethods;
  const [choice, setChoice] = useState<Choice | null>(null);
  const hosted = useRef<HostedFieldsHandle>(null);
  const inFlight = useRef(false);
  const tokenized = useRef<TokenizedMethod | null>(null);
  const [paying, setPaying] = useState(false);
  const [trouble, setTrouble] = useState<Trouble | null>(null);
  const [makePayment] = useMutation(PayAccountsDocument);
  // Saved methods first: the first one is chosen unless the person chooses otherwise.
  const chosen: Choice = choice ?? (methods?.[0] ? { kind: 'saved', id: methods[0].id } : { kind: 'new', methodKind: 'CARD' });

  if (!selection || selection.lines.length === 0) {
    return (
      <>
        <h1 tabIndex={-1}>{t('account.pay.heading')}</h1>
        <p>{t('account.pay.nothing')}</p>
        <AppLink to="/account">{t('account.nav.accounts')}</AppLink>
      </>
    );
  }
  const totalCents = selection.lines.reduce((sum, line) => sum + (parseAmountCents(line.amount) ?? 0n), 0n);
  const totalText = formatDecimal(centsToDecimal(totalCents), locale);

  function newAttempt(current: PaySelection) {
    const next = { ...current, attemptKey: newAttemptKey() };
    saveSelection(tenant.slug, next);
    setSelection(next);
  }

  function choose(next: Choice) {
    tokenized.current = null;
    setTrouble(null);
    setChoice(next);
    newAttempt(selection!);
  }

  async function pay(current: PaySelection) {
    if (inFlight.current) return;
    inFlight.current = true;
    setPaying(true);
    try {
      let method: { token: string } | { savedMethodId: string };
      if (chosen.kind === 'saved') method = { savedMethodId: chosen.id };
      else {
        let token = trouble?.kind === 'network' ? tokenized.current : null;
        if (!token) {
          const outcome = await hosted.current!.submit();
          if (outcome.type === 'invalid') return setTrouble({ kind: 'check' });
          if (outcome.type === 'error') return setTrouble({ kind: 'refused', messages: [outcome.message || t('common.loadFailed')] });
          token = outcome.method;
          tokenized.current = token;
        }
        method = { token: token.token };
      }
      setTrouble(null);
      let result;
      try {
        const allocations = current.lines.map((line) => ({ serviceAccountId: line.serviceAccountId, amount: line.amount }));
        const { data } = await makePayment({ variables: { input: { idempotencyKey: current.attemptKey, allocations, ...method } } });
        result = data?.makePayment;
      } catch {
        // Whether it was charged is unknown: the retry sends the same key, which returns the first payment if there was one.
        return setTrouble({ kind: 'network' });
      }
      if (!result) return setTrouble({ kind: 'network' });
      const payment = result.payment;
      if (payment && result.userErrors.length === 0) {
        saveSelection(tenant.slug, null);
        return navigate(`/account/receipt/${payment.id}`);
      }
      tokenized.current = null;
      newAttempt(current);
      if (payment) {
        const code = result.userErrors[0]?.code ?? '';
        return setTrouble({ kind: 'decline', message: code in DECLINE_ADVICE ? t(DECLINE_ADVICE[code as keyof typeof DECLINE_ADVICE]) : (result.userErrors[0]?.message ?? '') });
      }
      setTrouble({ kind: 'refused', messages: result.userErrors.map((error) => error.message) });
    } finally {
      inFlight.current = false;
      setPaying(false);
    }
  }

  return (
    <div className="pay-flow">
      <h1 tabIndex={-1}>{t('account.pay.heading')}</h1>
      <section className="card" aria-labelledby={`${ids}-summary`}>
        <h2 id={`${ids}-summary`}>{t('portal.pay.summary')}</h2>
        <ul className="plain-list">
          {selection.lines.map((line) => (
            <li key={line.serviceAccountId}>{t('account.pay.line', { number: line.accountNumber, amount: formatDecimal(line.amount, locale) })}</li>
          ))}
        </ul>
        <dl className="facts">
          <dt>{t('account.pay.total')}</dt>
          <dd className="money">{totalText}</dd>
          <dt>{t('portal.pay.fee')}</dt>
          <dd>{options?.payments.convenienceFee ?? ''}</dd>
        </dl>
        <AppLink to="/account">{t('portal.pay.change')}</AppLink>
      </section>

      <PaymentTrouble trouble={trouble} />

      <section className="card" aria-labelledby={`${ids}-method`}>
        <h2 id={`${ids}-method`}>{t('portal.pay.method')}</h2>
        {!options || !methods ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <>
            <fieldset className="field method-choice">
              <legend>{t('portal.pay.methodLegend')}</legend>
              {methods.map((method) => (
                <label key={method.id} className="choice">
                  <input type="radio" name={`${ids}-method`} checked={chosen.kind === 'saved' && chosen.id === method.id} onChange={() => choose({ kind: 'saved', id: method.id })} />
                  {methodLabel(t, method)}
                </label>
              ))}
              {(['CARD', ...(options.payments.echeckAccepted ? (['BANK_ACCOUNT'] as const) : [])] as const).map((kind) => (
                <label key={kind} className="choice">
                  <input type="radio" name={`${ids}-method`} checked={chosen.kind === 'new' && chosen.methodKind === kind} onChange={() => choose({ kind: 'new', methodKind: kind })} />
                  {t(kind === 'CARD' ? 'account.pay.newCard' : 'account.pay.newBank')}
                </label>
              ))}
            </fieldset>
            {chosen.kind === 'new' && (
              <HostedFields
                key={`${chosen.methodKind}-${locale}`}
                ref={hosted}
                hostedFieldsUrl={options.payments.hostedFieldsUrl}
                kind={chosen.methodKind}
                brands={options.payments.acceptedCardBrands}
                locale={locale}
                primaryColour={readableOnWhite(tenant.branding.primaryColor)}
                title={t(chosen.methodKind === 'CARD' ? 'portal.pay.cardFrameTitle' : 'portal.pay.bankFrameTitle')}
              />
            )}
            {trouble?.kind === 'check' && (
              <p className="field-error" role="alert">
                {t('portal.pay.checkDetails')}
              </p>
            )}
            <div className="actions">
              <button type="button" onClick={() => void pay(selection)} disabled={paying}>
                {t(paying ? 'portal.pay.paying' : trouble?.kind === 'network' ? 'portal.pay.retry' : 'portal.pay.payButton', { amount: totalText })}
              </button>
            </div>
            <p className="hint">{t('portal.pay.feeNote')}</p>
          </>
        )}
      </section>
    </div>
  );
}
