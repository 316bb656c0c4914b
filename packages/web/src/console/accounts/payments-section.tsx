import { useQuery } from '@apollo/client/react';
import { useId } from 'react';
import type { ConsoleAccountPaymentsQuery } from '../../gql/graphql';
import { DataTable } from '../../shared/data-table';
import { useLocale, useT } from '../../shared/locale';
import { useFirstNewRow } from '../../shared/first-new-row';
import { LoadMore } from '../load-more';
import { methodLabel } from '../payment-labels';
import { SaidMethod } from '../../shared/said-masked';
import { formatDateTime } from './account-format';
import { AccountPaymentsDocument } from './accounts-operations';
import { NotLoaded } from '../../shared/not-loaded';
import { READ_ON_VISIT } from '../read-on-visit';

export type AccountPayment = ConsoleAccountPaymentsQuery['payments']['edges'][number]['node'];

type Share = AccountPayment['allocations'][number];

/**
 * What a payment put on one account and what is still refundable of it, in cents: what a refund of that account's
 * share alone (refundPayment's serviceAccountId) may take. Nothing, for an account the payment did not pay.
 */
export function accountShare(payment: { readonly allocations: readonly Share[] }, accountId: string): { readonly paid: Share | null; readonly leftCents: bigint } {
  const paid = payment.allocations.find((allocation) => allocation.serviceAccountId === accountId) ?? null;
  return { paid, leftCents: paid ? BigInt(paid.amount.cents) - BigInt(paid.refunded.cents) : 0n };
}

/** Cash or a check taken at the city's office: no processor holds it, and its void has rules of its own (see VoidDialog). */
export const isCounterPayment = (method: AccountPayment['method']): boolean => method.kind === 'CASH' || method.kind === 'CHECK';
type T = ReturnType<typeof useT>;

/** "Visa ending 1111", "Bank account ending 6789", "Cash", "Check #1234". */
export function methodText(t: T, method: AccountPayment['method']): string {
  if (isCounterPayment(method)) return methodLabel(t, method);
  const name = method.kind === 'BANK_ACCOUNT' ? t('accounts.payments.bankAccount') : method.brand ? t(`brand.${method.brand}`) : t('accounts.payments.card');
  return t('accounts.payments.methodEnding', { method: name, last4: method.last4 });
}

/**
 * The account's payments, newest first, a page at a time: each with what it put on this account and what refunds gave
 * back of that (a payment may pay several accounts), and the refund and void the payments service says it allows now,
 * to this staff member (givingBackBlockedBy), and for the ADMIN a counter check's return by its bank (checkReturnable).
 */
export function PaymentsSection({
  accountId,
  timeZone,
  onRefund,
  onVoid,
  onReturnedCheck,
}: {
  readonly accountId: string;
  readonly timeZone: string;
  readonly onRefund: (payment: AccountPayment) => void;
  readonly onVoid: (payment: AccountPayment) => void;
  readonly onReturnedCheck: (payment: AccountPayment) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const heading = useId();
  const { data, error, refetch, fetchMore } = useQuery(AccountPaymentsDocument, { variables: { id: accountId }, ...READ_ON_VISIT });
  const payments = data?.payments.edges.map((edge) => edge.node);
  const firstNew = useFirstNewRow<HTMLTableCellElement>();

  async function loadMore() {
    const shown = data?.payments;
    if (!shown?.pageInfo.endCursor) return;
    await fetchMore({
      variables: { after: shown.pageInfo.endCursor },
      // Older payments go after those shown; the cursor comes from the page just fetched.
      updateQuery: (before, { fetchMoreResult }) => ({ payments: { ...fetchMoreResult.payments, edges: [...before.payments.edges, ...fetchMoreResult.payments.edges] } }),
    });
    firstNew.added(shown.edges.length);
  }

  return (
    <section className="card account-section" aria-labelledby={heading}>
      <h2 id={heading}>{t('accounts.payments.heading')}</h2>
      {!payments ? (
        <NotLoaded failed={!!error} onRetry={() => void refetch()} />
      ) : payments.length === 0 ? (
        <p>{t('accounts.payments.none')}</p>
      ) : (
        <DataTable
          caption={t('accounts.payments.heading')}
          captionHidden
          columns={[
            { label: t('accounts.payments.confirmation') },
            { label: t('accounts.payments.madeAt') },
            { label: t('accounts.payments.method') },
            { label: t('accounts.payments.status') },
            { label: t('accounts.payments.total'), numeric: true },
            { label: t('accounts.payments.onAccount'), numeric: true },
            { label: t('accounts.payments.refunded'), numeric: true },
            { label: t('accounts.payments.actions') },
          ]}
        >
          {payments.map((payment, index) => {
            const share = accountShare(payment, accountId);
            return (
              <tr key={payment.id}>
                <th scope="row" tabIndex={-1} ref={firstNew.refAt(index)}>
                  {payment.confirmationNumber}
                </th>
                <td>{formatDateTime(payment.madeAt, locale, timeZone)}</td>
                <td>
                  <SaidMethod text={methodText(t, payment.method)} method={payment.method} />
                </td>
                <td>{payment.statusLabel}</td>
                <td className="number">{payment.total.formatted}</td>
                <td className="number">{share.paid?.amount.formatted}</td>
                <td className="number">{share.paid?.refunded.formatted}</td>
                <td className="row-actions">
                  {/* The payment allows it, but not from this staff member: say who may, rather than offer what the API refuses. */}
                  {payment.givingBackBlockedBy === 'ACCOUNT_CLOSED' && (payment.refundable || payment.voidable) && t('accounts.payments.closedAccountGivesBack')}
                  {/* Whenever the payment is refundable: with its account's share used up, its fee or other accounts' shares may not be. */}
                  {payment.refundable && !payment.givingBackBlockedBy && (
                    <button type="button" className="secondary" onClick={() => onRefund(payment)}>
                      {t('accounts.payments.refund')}
                      <span className="visually-hidden"> {payment.confirmationNumber}</span>
                    </button>
                  )}
                  {payment.voidable && !payment.givingBackBlockedBy && (
                    <button type="button" className="secondary" onClick={() => onVoid(payment)}>
                      {t('accounts.payments.void')}
                      <span className="visually-hidden"> {payment.confirmationNumber}</span>
                    </button>
                  )}
                  {/* The ADMIN's, on a day after the check was taken (the API says when: checkReturnable). */}
                  {payment.checkReturnable && (
                    <button type="button" className="secondary" onClick={() => onReturnedCheck(payment)}>
                      {t('accounts.payments.returnedCheck')}
                      <span className="visually-hidden"> {payment.confirmationNumber}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      {data && <LoadMore hasMore={data.payments.pageInfo.hasNextPage} load={loadMore} label={t('accounts.payments.more')} />}
    </section>
  );
}
