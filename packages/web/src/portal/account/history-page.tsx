import { useQuery, useSubscription } from '@apollo/client/react';
import { useLoadMore } from '../../shared/load-more-state';
import { DataTable } from '../../shared/data-table';
import { useFirstNewRow } from '../../shared/first-new-row';
import { useLocale, useT } from '../../shared/locale';
import { usePageTitle } from '../../shared/page-title';
import { navigate } from '../../shared/navigation';
import type { PageTenant } from '../../shared/page-tenant';
import { ReceiptView } from '../receipt-page';
import { OwnPaymentUpdatedDocument, OwnReceiptDocument, PaymentHistoryDocument } from './account-operations';
import { AppLink } from '../../shared/app-link';
import { NotLoaded } from '../../shared/not-loaded';
import { netOfRefunds } from '../net-of-refunds';
import { returnedByBank } from '../returned-by-bank';
import { MaskedAccounts } from '../../shared/said-masked';

/** The resident's payments, newest first, a page at a time, each with its receipt. */
export function HistoryPage({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  usePageTitle(t('account.history.heading'));
  const { locale } = useLocale();
  const { data, error, refetch, fetchMore } = useQuery(PaymentHistoryDocument, { fetchPolicy: 'cache-and-network' });
  const shown = data?.viewer?.payments;
  const payments = shown?.edges.map((edge) => edge.node) ?? [];
  const firstNew = useFirstNewRow<HTMLAnchorElement>();

  async function showOlder() {
    if (!shown?.pageInfo.endCursor) return;
    await fetchMore({
      variables: { after: shown.pageInfo.endCursor },
      // Older payments go after those shown; the cursor comes from the page just fetched.
      updateQuery: (before, { fetchMoreResult: more }) =>
        before.viewer && more.viewer ? { viewer: { ...before.viewer, payments: { ...more.viewer.payments, edges: [...before.viewer.payments.edges, ...more.viewer.payments.edges] } } } : before,
    });
    firstNew.added(shown.edges.length);
  }

  const when = new Intl.DateTimeFormat(`${locale}-US`, { dateStyle: 'medium', timeZone: tenant.timezone });
  return (
    <>
      <h1 tabIndex={-1}>{t('account.history.heading')}</h1>
      {!data ? (
        <NotLoaded failed={!!error} onRetry={() => void refetch()} />
      ) : payments.length === 0 ? (
        <p>{t('account.history.none')}</p>
      ) : (
        <DataTable
          caption={t('account.history.caption')}
          landmark
          className="data-table"
          columns={[
            { label: t('account.history.date') },
            { label: t('account.history.accounts') },
            { label: t('account.history.total'), numeric: true },
            { label: t('account.history.status') },
            { label: t('account.history.receipt') },
          ]}
        >
          {payments.map((payment, index) => (
            <tr key={payment.id}>
              <td className="nowrap">{when.format(new Date(payment.madeAt))}</td>
              <td>
                <MaskedAccounts masked={payment.allocations.map((allocation) => allocation.maskedAccountNumber)} />
              </td>
              <td className="number">
                <Total payment={payment} />
              </td>
              <td>{payment.statusLabel}</td>
              <td>
                <AppLink to={`/account/receipt/${payment.id}`} ref={firstNew.refAt(index)}>
                  {t('account.history.receiptLink', { number: payment.confirmationNumber })}
                </AppLink>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {shown?.pageInfo.hasNextPage && <ShowOlderPayments load={showOlder} />}
    </>
  );
}

/**
 * A payment's total charged and, once money went back, how much and what stays paid: a returned e-check's bank took
 * back all refunds had not (nothing stays paid), which the total alone would hide, as the receipt says.
 */
function Total({ payment }: { readonly payment: Parameters<typeof netOfRefunds>[0] & Parameters<typeof returnedByBank>[0] & { readonly total: { readonly formatted: string } } }) {
  const t = useT();
  const { locale } = useLocale();
  const returned = returnedByBank(payment, locale);
  const refunds = netOfRefunds(payment, locale);
  return (
    <>
      {payment.total.formatted}
      {returned ? (
        <span className="refunded">
          {t(returned.code ? 'account.history.returnedNet' : 'account.history.returnedNetNoCode', { takenBack: returned.takenBack, code: returned.code ?? '', net: returned.net })}
        </span>
      ) : (
        refunds && <span className="refunded">{t('account.history.refundedNet', refunds)}</span>
      )}
    </>
  );
}

/**
 * "Show older payments" under the history, and, when they could not be had,
 * an announced alert; the button stays to try again.
 */
function ShowOlderPayments({ load }: { readonly load: () => Promise<void> }) {
  const t = useT();
  const { loading, failed, loadMore: showOlder } = useLoadMore(load);

  return (
    <>
      {failed && (
        <p className="error-summary" role="alert">
          {t('account.history.moreFailed')}
        </p>
      )}
      <div className="actions">
        {/* Busy, not disabled, while loading: a disabled button drops the focus of the keyboard user who pressed it. */}
        <button type="button" onClick={showOlder} aria-disabled={loading || undefined}>
          {loading ? t('common.loading') : t('account.history.more')}
        </button>
      </div>
    </>
  );
}

/** A receipt of the resident's own payment (the guest's receipt, read by id), following the payment live. */
export function OwnReceiptPage({ tenant, paymentId }: { readonly tenant: PageTenant; readonly paymentId: string }) {
  const t = useT();
  const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(paymentId);
  const { data, error, refetch } = useQuery(OwnReceiptDocument, { variables: { id: paymentId }, skip: !valid });
  const live = useSubscription(OwnPaymentUpdatedDocument, { variables: { paymentId }, skip: !valid, onData: () => void refetch() });
  const payment = data?.viewer?.payment;
  return (
    <ReceiptView
      tenant={tenant}
      confirmationNumber={payment?.confirmationNumber ?? ''}
      payment={!valid ? null : data ? (payment ?? null) : undefined}
      liveStatus={live.data?.paymentUpdated.status}
      failed={Boolean(error)}
      retry={() => void refetch()}
      onDone={() => navigate('/account/history')}
      doneLabel={t('account.history.back')}
    />
  );
}
