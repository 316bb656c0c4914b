import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { PayableKind, ReceiptPaymentFragment, RestorationProgress } from '../gql/graphql';
import type { MessageKey } from '../shared/i18n/translate';
import { useLocale, useT } from '../shared/locale';
import { usePageTitle } from '../shared/page-title';
import { SaidMethod, SaidWithMaskedAccount } from '../shared/said-masked';
import type { PageTenant } from '../shared/page-tenant';
import { spokenGroups, type GuestFlow } from './guest-flow';
import { formatLocalDate } from './local-date';
import { GuestPaymentUpdatedDocument, GuestReceiptDocument } from './portal-operations';
import { NotLoaded } from '../shared/not-loaded';
import { netOfRefunds } from './net-of-refunds';
import { mayStillBeReturned, NEVER_POSTS, returnedByBank } from './returned-by-bank';

/** How the receipt names a payable a payment was made to by its number. */
const PAID_PAYABLE: Readonly<Record<PayableKind, MessageKey>> = {
  UTILITY_BILL: 'portal.receipt.paidBill',
  CITATION: 'portal.receipt.paidCitation',
  OTHER: 'portal.receipt.paidCharge',
};

type ReceiptFlow = Extract<GuestFlow, { step: 'receipt' }>;

/** Issue 14 items 3 and 7: a guest's receipt, following the payment live, and a disconnected account's restoration request. */
export function ReceiptPage({ tenant, flow, onDone }: { readonly tenant: PageTenant; readonly flow: ReceiptFlow; readonly onDone: () => void }) {
  const variables = { confirmationNumber: flow.confirmationNumber, receiptToken: flow.receiptToken };
  const { data, error, refetch } = useQuery(GuestReceiptDocument, { variables });
  // From the payment's first event on: PENDING, then CAPTURED (a card) or AUTHORIZED (a bank account), POSTED later.
  // Each event brings the receipt up to date; it is read again over HTTP, in the page's language (the socket's is the browser's).
  const live = useSubscription(GuestPaymentUpdatedDocument, { variables, onData: () => void refetch() });
  const [checking, setChecking] = useState(false);
  const [checkFailed, setCheckFailed] = useState(false);
  // "Check again" reads the receipt again: where the restoration stands comes with the payment, by its receipt token.
  async function checkAgain() {
    if (checking) return;
    setChecking(true);
    try {
      await refetch();
      setCheckFailed(false);
    } catch {
      setCheckFailed(true);
    } finally {
      setChecking(false);
    }
  }
  const payment = data?.paymentByConfirmation;
  return (
    <ReceiptView
      tenant={tenant}
      justPaid
      confirmationNumber={flow.confirmationNumber}
      payment={data ? (data.paymentByConfirmation ?? null) : undefined}
      liveStatus={live.data?.paymentUpdated.status}
      failed={Boolean(error)}
      retry={() => void refetch()}
      onDone={onDone}
    >
      {flow.restoration && (
        <RestorationStatus progress={payment?.restorations[0]?.progress} checking={checking || (!data && !error)} failed={checkFailed || (!data && Boolean(error))} onCheck={() => void checkAgain()} />
      )}
    </ReceiptView>
  );
}

interface ReceiptViewProps {
  readonly tenant: PageTenant;
  /** The page took this payment and it was not declined: thanked before its status is read. */
  readonly justPaid?: boolean;
  /** Empty until known (a receipt opened by id). */
  readonly confirmationNumber: string;
  /** undefined while loading; null when there is no such payment (for this reader). */
  readonly payment: ReceiptPaymentFragment | null | undefined;
  readonly liveStatus: string | undefined;
  readonly failed: boolean;
  readonly retry: () => void;
  readonly onDone: () => void;
  readonly doneLabel?: string;
  readonly children?: ReactNode;
}

/** The receipt as a person reads it, whoever paid: a guest (ReceiptPage) or a registered resident (their history). */
export function ReceiptView({ tenant, justPaid = false, confirmationNumber, payment, liveStatus, failed, retry, onDone, doneLabel, children }: ReceiptViewProps) {
  const t = useT();
  const { locale } = useLocale();
  const ids = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);
  const status = payment?.status ?? liveStatus;
  const notFound = payment === null && !failed;
  const headingText = t(receiptHeading(status, justPaid));
  const refunds = payment ? netOfRefunds(payment, locale) : null;
  const returned = payment ? returnedByBank(payment, locale) : null;
  usePageTitle(headingText);

  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(confirmationNumber);
      setCopied(true);
    } catch {
      // No clipboard (an old browser, a refused permission): select the number so a person can copy it.
      const number = document.getElementById(`${ids}-number`);
      if (number) getSelection()?.selectAllChildren(number);
    }
  }

  return (
    <div className="narrow receipt">
      <h1 tabIndex={-1} ref={heading}>
        {headingText}
      </h1>
      {notFound && <p role="alert">{t('portal.receipt.notFound')}</p>}
      {/* Known to a guest from the page that took the payment, even when the receipt cannot be read: the message says to keep it. */}
      {confirmationNumber && (
        <section className="card confirmation" aria-labelledby={`${ids}-label`}>
          <h2 id={`${ids}-label`}>{t('portal.receipt.confirmationNumber')}</h2>
          <p className="confirmation-number" id={`${ids}-number`}>
            {confirmationNumber}
          </p>
          <p className="hint">{t('portal.receipt.readAloud', { groups: spokenGroups(confirmationNumber).join(' · ') })}</p>
          <div className="actions no-print">
            <button type="button" className="secondary" onClick={() => void copy()}>
              {t('portal.receipt.copy')}
            </button>
            <button type="button" className="secondary" onClick={() => print()}>
              {t('portal.receipt.print')}
            </button>
          </div>
          <p role="status" className="copied">
            {copied ? t('portal.receipt.copied') : ''}
          </p>
        </section>
      )}

      {notFound ? null : !payment ? (
        <NotLoaded failed={failed} onRetry={retry} />
      ) : (
        <section className="card" aria-labelledby={`${ids}-details`}>
          <h2 id={`${ids}-details`}>{t('portal.receipt.details')}</h2>
          <p className="payment-status" role="status" data-status={status}>
            {t('portal.receipt.status', { status: payment.statusLabel })}
          </p>
          {mayStillBeReturned(payment) && <p>{t('portal.receipt.echeckMayReturn')}</p>}
          <dl className="facts">
            <dt>{t('portal.receipt.amount')}</dt>
            <dd className="money">{payment.amount.formatted}</dd>
            <dt>{t('portal.receipt.fee')}</dt>
            <dd className="money">{payment.convenienceFee.formatted}</dd>
            <dt>{t('portal.receipt.total')}</dt>
            <dd className="money total">{payment.total.formatted}</dd>
            {refunds && (
              <>
                <dt>{t('portal.receipt.refunded')}</dt>
                <dd className="money">{refunds.refunded}</dd>
                <dt>{t('portal.receipt.netPaid')}</dt>
                <dd className="money total">{refunds.net}</dd>
              </>
            )}
            {returned && (
              <>
                <dt>{t('portal.receipt.returned')}</dt>
                <dd className="money">
                  {returned.code ? t('portal.receipt.returnedAmount', { amount: returned.takenBack, code: returned.code }) : t('portal.receipt.returnedAmountNoCode', { amount: returned.takenBack })}
                </dd>
                <dt>{t('portal.receipt.netAfterReturn')}</dt>
                <dd className="money total">{returned.net}</dd>
              </>
            )}
            <dt>{t('portal.receipt.paidWith')}</dt>
            <dd>
              <SaidMethod text={payment.method.label} method={payment.method} />
            </dd>
            <dt>{t('portal.receipt.paid')}</dt>
            <dd>
              <ul className="plain-list">
                {payment.allocations.map((allocation) => (
                  <li key={`${allocation.maskedAccountNumber}-${allocation.payable?.referenceNumber ?? ''}`}>
                    <SaidWithMaskedAccount
                      masked={allocation.maskedAccountNumber}
                      sentence={(account) =>
                        allocation.payable
                          ? t(PAID_PAYABLE[allocation.payable.kind], { reference: allocation.payable.referenceNumber, account, amount: allocation.amount.formatted })
                          : t('portal.receipt.paidAccount', { account, amount: allocation.amount.formatted })
                      }
                    />
                  </li>
                ))}
              </ul>
            </dd>
            <dt>{t('portal.receipt.madeAt')}</dt>
            <dd>{new Intl.DateTimeFormat(`${locale}-US`, { dateStyle: 'long', timeStyle: 'short', timeZone: tenant.timezone }).format(new Date(payment.madeAt))}</dd>
            {!NEVER_POSTS.includes(payment.status) && (
              <>
                <dt>{t('portal.receipt.posting')}</dt>
                <dd>{formatLocalDate(payment.expectedPostingDate, locale)}</dd>
              </>
            )}
          </dl>
        </section>
      )}

      {children}

      <div className="actions no-print">
        <button type="button" onClick={onDone}>
          {doneLabel ?? t('portal.receipt.done')}
        </button>
      </div>
    </div>
  );
}

/** Statuses of a payment the city has or is taking: thanked for. */
const RECEIVED: readonly string[] = ['PENDING', 'AUTHORIZED', 'CAPTURED', 'POSTED'];

/**
 * Thanks only for a payment the city has or is taking: a receipt opened by id
 * may be of a declined payment (from the history) or of none (a stale address).
 */
function receiptHeading(status: string | undefined, justPaid: boolean): MessageKey {
  if (status === undefined ? justPaid : RECEIVED.includes(status)) return 'portal.receipt.heading';
  return status === 'DECLINED' || status === 'FAILED' ? 'portal.receipt.headingNotMade' : 'portal.receipt.headingPlain';
}

const RESTORATION_MESSAGES: Record<RestorationProgress, MessageKey> = {
  REQUESTED: 'portal.restore.pending',
  RESTORED: 'portal.restore.restored',
  DISCONNECTED: 'portal.restore.stillOwed',
};

/**
 * Where the paid account's restoration stands now, as the payment says (read by its receipt token). The account is
 * not proved again: the last payment amount typed before paying stops proving it once this payment posts, and each
 * failed proof counts against the account's guest look-ups (and its payments) for everyone.
 */
function RestorationStatus({
  progress,
  checking,
  failed,
  onCheck,
}: {
  readonly progress: RestorationProgress | undefined;
  readonly checking: boolean;
  readonly failed: boolean;
  readonly onCheck: () => void;
}) {
  const t = useT();
  const ids = useId();
  return (
    <section className="card" aria-labelledby={`${ids}-restore`}>
      <h2 id={`${ids}-restore`}>{t('portal.restore.heading')}</h2>
      <p role="status">{checking ? t('common.loading') : failed ? t('common.loadFailed') : progress ? t(RESTORATION_MESSAGES[progress]) : null}</p>
      {/* Busy, not disabled, while checking: a disabled button drops the focus of the keyboard user who pressed it. */}
      <button type="button" className="secondary no-print" onClick={onCheck} aria-disabled={checking || undefined}>
        {t('portal.restore.checkAgain')}
      </button>
    </section>
  );
}
