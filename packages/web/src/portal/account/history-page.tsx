import { useQuery, useSubscription } from '@apollo/client/react';
import { DataTable } from '../../shared/data-table';
import { useLocale, useT } from '../../shared/locale';
import { navigate } from '../../shared/navigation';
import type { PageTenant } from '../../shared/page-tenant';
import { ReceiptView } from '../receipt-page';
import { OwnPaymentUpdatedDocument, OwnReceiptDocument, PaymentHistoryDocument } from './account-operations';
import { AppLink } from './app-link';
import { NotLoaded } from '../../shared/not-loaded';

/** The resident's payments, newest first, each with its receipt. */
export function HistoryPage({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  const { locale } = useLocale();
  const { data, error, refetch } = useQuery(PaymentHistoryDocument, { fetchPolicy: 'cache-and-network' });
  const payments = data?.viewer?.payments.edges.map((edge) => edge.node) ?? [];
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
          {payments.map((payment) => (
            <tr key={payment.id}>
              <td className="nowrap">{when.format(new Date(payment.madeAt))}</td>
              <td>{payment.allocations.map((allocation) => allocation.maskedAccountNumber).join(', ')}</td>
              <td className="number">{payment.total.formatted}</td>
              <td>{payment.statusLabel}</td>
              <td>
                <AppLink to={`/account/receipt/${payment.id}`}>{t('account.history.receiptLink', { number: payment.confirmationNumber })}</AppLink>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
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
