import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState } from 'react';
import { useLocale, useT } from '../../shared/locale';
import { usePageTitle } from '../../shared/page-title';
import type { PageTenant } from '../../shared/page-tenant';
import { isServerWords, problem, serverProblem, thrownProblem, useProblemText, type Problem } from '../form-parts';
import { useSaidInLocale } from '../../shared/said-in-locale';
import { HostedFields, type HostedFieldsHandle } from '../hosted-fields';
import { methodKindsTaken, type MethodKind } from '../methods-taken';
import { AccountOptionsDocument, PaymentMethodsDocument, RemoveMethodDocument, SaveMethodDocument, ViewerAccountsDocument } from './account-operations';
import { AppLink } from '../../shared/app-link';
import { blockedSaid, methodLabel, methodSaid, type LabelledMethod } from './method-label';
import { SaidAs } from '../../shared/said-masked';
import { NotLoaded } from '../../shared/not-loaded';

/** What was just done, kept with the method rather than its label, so it is said in the page's language of the moment. */
interface Done {
  readonly key: 'account.wallet.saved' | 'account.wallet.removed';
  readonly method: LabelledMethod;
}

/**
 * What went wrong, once the page's language changes: the server's words go (they are in the language of the request);
 * the list, read again in the new language, shows what is saved.
 */
const troubleInLocale = (said: Problem | null): Problem | null => (said && isServerWords(said) ? null : said);

/** Saved cards and bank accounts: added through the processor's form (only its token reaches the API), removed here. */
export function WalletPage({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  usePageTitle(t('account.wallet.heading'));
  const say = useProblemText();
  const { locale } = useLocale();
  const ids = useId();
  const options = useQuery(AccountOptionsDocument).data?.tenant;
  const { data, error, refetch } = useQuery(PaymentMethodsDocument);
  // The accounts whose Auto Pay (the viewer's own, enrolled) charges each method: such a method cannot be removed, and the
  // page says so beside it rather than only when Remove is refused.
  const accounts = useQuery(ViewerAccountsDocument, { fetchPolicy: 'cache-and-network' }).data?.viewer?.serviceAccounts ?? [];
  const autopaidWith = (methodId: string) => accounts.filter((a) => a.autopay.status === 'ENROLLED' && a.autopay.method?.id === methodId).map((a) => a.accountNumber);
  const [adding, setAdding] = useState<MethodKind | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [trouble, setTrouble] = useSaidInLocale<Problem | null>(() => null, troubleInLocale);
  // Saving closes the form and removing takes the card's button away, both from under the keyboard's focus: it goes to what was done.
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) status.current?.focus();
  }, [done]);
  // Opening the form and Cancel each take away the button pressed: focus goes to the form's heading, or back to the button that opened it.
  const addHeading = useRef<HTMLHeadingElement>(null);
  const addCard = useRef<HTMLButtonElement>(null);
  const addBank = useRef<HTMLButtonElement>(null);
  const [focusNext, setFocusNext] = useState<'form' | MethodKind | null>(null);
  useEffect(() => {
    if (!focusNext) return;
    ({ form: addHeading, CARD: addCard, BANK_ACCOUNT: addBank })[focusNext].current?.focus();
    setFocusNext(null);
  }, [focusNext]);
  const hosted = useRef<HostedFieldsHandle>(null);
  // One change of the wallet at a time: a second press (a double click) while one is on its way is ignored.
  const busy = useRef(false);
  const [removing, setRemoving] = useState(false);
  const [save, { loading: saving }] = useMutation(SaveMethodDocument);
  const [remove] = useMutation(RemoveMethodDocument);

  async function saveNew() {
    if (busy.current) return;
    busy.current = true;
    setTrouble(null);
    try {
      const outcome = await hosted.current!.submit();
      // The form says itself that it did not load, with its own Try again.
      if (outcome.type === 'unavailable') return;
      if (outcome.type === 'invalid') return setTrouble(problem('portal.pay.checkDetails'));
      if (outcome.type === 'error') return setTrouble(serverProblem(outcome.message, 'common.loadFailed'));
      const { data: result } = await save({ variables: { token: outcome.method.token } });
      const errors = result?.savePaymentMethod.userErrors ?? [];
      const saved = result?.savePaymentMethod.paymentMethod;
      if (errors.length > 0 || !saved) return setTrouble(serverProblem(errors.map((e) => e.message).join(' '), 'common.loadFailed'));
      setAdding(null);
      // Said once the list shows it.
      await refetch();
      setDone({ key: 'account.wallet.saved', method: saved });
    } catch (error) {
      setTrouble(thrownProblem(error));
    } finally {
      busy.current = false;
    }
  }

  async function removeMethod(method: LabelledMethod & { readonly id: string }) {
    if (busy.current) return;
    busy.current = true;
    setRemoving(true);
    setTrouble(null);
    try {
      const { data: result } = await remove({ variables: { id: method.id } });
      const errors = result?.removePaymentMethod.userErrors ?? [];
      if (errors.length > 0) return setTrouble({ text: errors.map((e) => e.message).join(' ') });
      await refetch();
      setDone({ key: 'account.wallet.removed', method });
    } catch (error) {
      setTrouble(thrownProblem(error));
    } finally {
      busy.current = false;
      setRemoving(false);
    }
  }

  function open(kind: MethodKind) {
    setAdding(kind);
    setFocusNext('form');
  }

  function cancelAdding() {
    setFocusNext(adding);
    setAdding(null);
  }

  const methods = data?.paymentMethods ?? [];
  return (
    <>
      <h1 tabIndex={-1}>{t('account.wallet.heading')}</h1>
      <p role="status" tabIndex={-1} ref={status}>
        {done && <SaidAs shown={t(done.key, { method: methodLabel(t, done.method) })} said={t(done.key, { method: methodSaid(t, done.method) })} />}
      </p>
      {trouble && (
        <div className="error-summary" role="alert">
          <p>{say(trouble)}</p>
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
            const said = methodSaid(t, method);
            const autopaid = autopaidWith(method.id);
            const blocked = method.blockedBecause;
            return (
              <li key={method.id} className="card">
                <span>
                  <SaidAs shown={label} said={said} />
                  {method.expMonth && method.expYear ? ' · ' : ''}
                  {method.expMonth && method.expYear && (
                    <span className={method.expired ? 'expired' : undefined}>
                      {t(method.expired ? 'account.wallet.expired' : 'account.wallet.expires', { month: String(method.expMonth).padStart(2, '0'), year: method.expYear })}
                    </span>
                  )}
                </span>
                {blocked && <p className="field-error wallet-blocked">{blockedSaid(t, blocked)}</p>}
                {autopaid.length > 0 && (
                  <p className="hint wallet-autopay">
                    {t('account.wallet.autopayUses', { accounts: autopaid.join(', ') })} <AppLink to="/account/autopay">{t('account.wallet.changeAutopay')}</AppLink>
                  </p>
                )}
                {/* Not disabled while removing, for the reason Save is not (below). */}
                <button
                  type="button"
                  className="secondary"
                  onClick={() => void removeMethod(method)}
                  aria-label={t('account.wallet.removeNamed', { method: said })}
                  aria-disabled={removing || undefined}
                >
                  {t('account.wallet.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {methods.some((method) => method.expired) && <p className="hint">{t('account.wallet.expiredHint')}</p>}
      {options && (
        <section className="card" aria-labelledby={`${ids}-add`}>
          <h2 id={`${ids}-add`} ref={addHeading} tabIndex={-1}>
            {t('account.wallet.addHeading')}
          </h2>
          {adding ? (
            <>
              <HostedFields
                key={`${adding}-${locale}`}
                ref={hosted}
                hostedFieldsUrl={options.payments.hostedFieldsUrl}
                kind={adding}
                brands={options.payments.acceptedCardBrands}
                locale={locale}
                primaryColour={tenant.branding.colours.primaryText}
                title={t(adding === 'CARD' ? 'portal.pay.cardFrameTitle' : 'portal.pay.bankFrameTitle')}
              />
              <p className="hint">{t('portal.pay.secureNote')}</p>
              <div className="actions">
                {/* Not disabled while saving: a disabled button drops the focus to the document; saveNew ignores presses meanwhile. */}
                <button type="button" onClick={() => void saveNew()} aria-disabled={saving || undefined}>
                  {t(adding === 'CARD' ? 'account.wallet.saveCard' : 'account.wallet.saveBank')}
                </button>
                <button type="button" className="secondary" onClick={cancelAdding}>
                  {t('portal.pay.cancel')}
                </button>
              </div>
            </>
          ) : (
            <div className="actions">
              {methodKindsTaken(options.payments).map((kind, index) => (
                <button key={kind} type="button" className={index === 0 ? undefined : 'secondary'} ref={kind === 'CARD' ? addCard : addBank} onClick={() => open(kind)}>
                  {t(kind === 'CARD' ? 'account.wallet.addCard' : 'account.wallet.addBank')}
                </button>
              ))}
            </div>
          )}
        </section>
      )}
    </>
  );
}
