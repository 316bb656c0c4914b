import { useQuery } from '@apollo/client/react';
import { MaskedAccount, SaidMethod } from '../shared/said-masked';
import { useEffect, useId, useRef } from 'react';
import { DataTable } from '../shared/data-table';
import { useT } from '../shared/locale';
import { useModalDialog } from '../shared/modal-dialog';
import { BoardPaymentDocument } from './board-operations';
import type { CityTime } from './city-time';
import { actorLabel, methodLabel, statusLabel } from './payment-labels';

export interface PaymentDrawerProps {
  readonly paymentId: string;
  readonly confirmationNumber: string;
  /** The cursor of the payment's latest event on the board: the details are fetched again when another arrives (a new status, or a further refund that keeps it). */
  readonly lastEvent: string;
  readonly time: CityTime;
  /** Called once the dialog has closed (Escape, the Close button). */
  readonly onClose: () => void;
}

/**
 * A payment's whole story in a modal dialog (useModalDialog): focus on Close, kept inside, Escape closes it; the
 * board puts focus back on the row's button.
 */
export function PaymentDrawer({ paymentId, confirmationNumber, lastEvent, time, onClose }: PaymentDrawerProps) {
  const t = useT();
  const titleId = useId();
  const dialog = useModalDialog((element) => element.querySelector('button'));
  const { data, error, refetch } = useQuery(BoardPaymentDocument, { variables: { id: paymentId }, fetchPolicy: 'network-only' });
  const payment = data?.payment;
  const seenEvent = useRef(lastEvent);

  useEffect(() => {
    if (seenEvent.current === lastEvent) return;
    seenEvent.current = lastEvent;
    void refetch();
  }, [lastEvent, refetch]);

  return (
    <dialog ref={dialog} className="drawer" aria-labelledby={titleId} onClose={onClose}>
      <div className="drawer-head">
        <h2 id={titleId}>{t('payment.title', { confirmation: payment?.confirmationNumber ?? confirmationNumber })}</h2>
        <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
          {t('payment.close')}
        </button>
      </div>
      {!data && !error && <p role="status">{t('common.loading')}</p>}
      {error && <p role="alert">{t('common.loadFailed')}</p>}
      {data && !payment && <p role="alert">{t('payment.notFound')}</p>}
      {payment && (
        <>
          <dl className="facts drawer-facts">
            <dt>{t('payment.status')}</dt>
            <dd>{statusLabel(t, payment.status, payment.statusLabel)}</dd>
            <dt>{t('payment.amount')}</dt>
            <dd>{payment.amount.formatted}</dd>
            <dt>{t('payment.fee')}</dt>
            <dd>{payment.convenienceFee.formatted}</dd>
            <dt>{t('payment.total')}</dt>
            <dd>{payment.total.formatted}</dd>
            <dt>{t('payment.refunded')}</dt>
            <dd>{payment.refunded.formatted}</dd>
            <dt>{t('payment.method')}</dt>
            <dd>
              <SaidMethod text={methodLabel(t, payment.method)} method={payment.method} />
            </dd>
            <dt>{t('payment.madeAt')}</dt>
            <dd>{time.dateTime(payment.madeAt)}</dd>
            <dt>{t('payment.expectedPosting')}</dt>
            <dd>{time.day(payment.expectedPostingDate)}</dd>
            {payment.postedAt && (
              <>
                <dt>{t('payment.postedAt')}</dt>
                <dd>{time.dateTime(payment.postedAt)}</dd>
              </>
            )}
            {payment.declineCode && (
              <>
                <dt>{t('payment.declineCode')}</dt>
                <dd>{payment.declineCode}</dd>
              </>
            )}
            {payment.returnCode && (
              <>
                <dt>{t('payment.returnCode')}</dt>
                <dd>{payment.returnCode}</dd>
              </>
            )}
          </dl>

          {payment.dispute && (
            <>
              <h3>{t('payment.dispute')}</h3>
              <dl className="facts drawer-facts">
                <dt>{t('payment.dispute.outcome')}</dt>
                <dd>{t(`payment.dispute.status.${payment.dispute.status}`)}</dd>
                <dt>{t('payment.dispute.amount')}</dt>
                <dd>{payment.dispute.amount.formatted}</dd>
                <dt>{t('payment.dispute.reason')}</dt>
                <dd>{payment.dispute.reasonLabel}</dd>
                <dt>{t('payment.dispute.openedAt')}</dt>
                <dd>{time.dateTime(payment.dispute.openedAt)}</dd>
                <dt>{t('payment.dispute.respondBy')}</dt>
                <dd>{time.dateTime(payment.dispute.respondBy)}</dd>
                {payment.dispute.closedAt && (
                  <>
                    <dt>{t('payment.dispute.closedAt')}</dt>
                    <dd>{time.dateTime(payment.dispute.closedAt)}</dd>
                  </>
                )}
                <dt>{t('payment.dispute.fee')}</dt>
                <dd>{payment.dispute.fee.formatted}</dd>
              </dl>
            </>
          )}

          <h3>{t('payment.allocations')}</h3>
          <DataTable
            caption={t('payment.allocations')}
            captionHidden
            className="drawer-table"
            columns={[{ label: t('payment.col.account') }, { label: t('payment.col.payable') }, { label: t('payment.col.amount'), numeric: true }]}
          >
            {payment.allocations.map((allocation, i) => (
              <tr key={i}>
                <td>
                  <MaskedAccount masked={allocation.maskedAccountNumber} />
                </td>
                <td>{allocation.payable?.referenceNumber ?? t('payment.wholeAccount')}</td>
                <td className="number">{allocation.amount.formatted}</td>
              </tr>
            ))}
          </DataTable>

          <h3>{t('payment.history')}</h3>
          <DataTable
            caption={t('payment.history')}
            captionHidden
            className="drawer-table"
            columns={[{ label: t('payment.col.when') }, { label: t('payment.col.status') }, { label: t('payment.col.by') }, { label: t('payment.col.reason') }]}
          >
            {payment.history.map((step, i) => (
              <tr key={i}>
                <td>{time.dateTime(step.occurredAt)}</td>
                <td>{statusLabel(t, step.toStatus, step.toStatus)}</td>
                <td>{actorLabel(t, step.actor)}</td>
                <td>{step.reasonLabel}</td>
              </tr>
            ))}
          </DataTable>

          <h3>{t('payment.operations')}</h3>
          {payment.operations.length === 0 ? (
            <p>{t('payment.noOperations')}</p>
          ) : (
            <DataTable
              caption={t('payment.operations')}
              captionHidden
              className="drawer-table"
              columns={[
                { label: t('payment.col.when') },
                { label: t('payment.col.kind') },
                { label: t('payment.col.status') },
                { label: t('payment.col.amount'), numeric: true },
                { label: t('payment.col.by') },
                { label: t('payment.col.reason') },
              ]}
            >
              {payment.operations.map((operation) => (
                <tr key={operation.id}>
                  <td>{time.dateTime(operation.createdAt)}</td>
                  <td>{t(`payment.operation.${operation.kind}`)}</td>
                  <td>{t(`payment.operationStatus.${operation.status}`)}</td>
                  <td className="number">{operation.amount.formatted}</td>
                  <td>{actorLabel(t, operation.actor)}</td>
                  <td>{operation.reason}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
    </dialog>
  );
}
