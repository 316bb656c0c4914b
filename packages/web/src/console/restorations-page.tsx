import { useApolloClient, useMutation } from '@apollo/client/react';
import { useRef, useState } from 'react';
import type { RestorationQueueSubscription } from '../gql/graphql';
import { errorCode, errorMessage } from '../shared/api';
import { DataTable } from '../shared/data-table';
import { useLocale, useT } from '../shared/locale';
import { message as said, serverMessage } from '../shared/message';
import { OutcomeNotice, outcomeInLocale, type Outcome } from './outcome-notice';
import type { PageTenant } from '../shared/page-tenant';
import { useSaidInLocale } from '../shared/said-in-locale';
import { isAnswer } from './accounts/problems-from';
import { useCityTime } from './city-time';
import { useLive, useLiveState } from './live-context';
import { useLiveQueue } from './live-queue';
import { LiveAnnouncement } from './live-announcement';
import { LiveIndicator } from './live-indicator';
import { statusLabel } from './payment-labels';
import { ApproveRestorationDocument, RestorationQueueDocument, RestorationQueueHeadDocument } from './restoration-operations';
import { applyRestorationEvent, type OpenRequest, type RestorationEvent, type RestorationQueue } from './restoration-queue';
import './board.css';

/** Issue 13 item 6: disconnected accounts paid in full, approved once their payment has posted. */
export function RestorationsPage({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  const { locale } = useLocale();
  const live = useLive();
  const client = useApolloClient();
  const liveState = useLiveState(live);
  const time = useCityTime(locale, tenant.timezone);
  const { queue, arrived } = useLiveQueue({
    subscription: RestorationQueueDocument,
    variables: {},
    pick: (data: RestorationQueueSubscription): RestorationEvent => data.restorationRequests,
    head: async () => (await client.query({ query: RestorationQueueHeadDocument, fetchPolicy: 'network-only' })).data?.restorationRequestsHead ?? null,
    empty: new Map() as RestorationQueue,
    apply: applyRestorationEvent,
    opens: (open, event) => event.to === 'RESTORATION_PENDING' && !open.has(event.serviceAccountId),
  });
  const [message, setMessage] = useSaidInLocale<Outcome | null>(() => null, outcomeInLocale);

  const requests = [...queue.values()];
  return (
    <div className="restorations">
      <div className="board-bar">
        <p className="board-intro">{t('restorations.intro')}</p>
        <LiveIndicator state={liveState} />
      </div>
      <LiveAnnouncement said={arrived && { text: t('restorations.arrived', { account: arrived.event.accountNumber }), n: arrived.n }} />
      <OutcomeNotice outcome={message} />
      {requests.length === 0 ? (
        <p>{t('restorations.empty')}</p>
      ) : (
        <DataTable
          caption={t('restorations.caption')}
          captionHidden
          landmark
          className="board-table"
          columns={[
            { label: t('restorations.col.account') },
            { label: t('restorations.col.requested') },
            { label: t('restorations.col.payment') },
            { label: t('restorations.col.posted') },
            { label: t('restorations.col.action') },
          ]}
        >
          {requests.map((request) => (
            <RequestRow key={request.serviceAccountId} request={request} dateTime={time.dateTime} onDone={setMessage} />
          ))}
        </DataTable>
      )}
    </div>
  );
}

function RequestRow({ request, dateTime, onDone }: { request: OpenRequest; dateTime: (iso: string) => string; onDone: (outcome: Outcome) => void }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [approve, { loading }] = useMutation(ApproveRestorationDocument);
  const approveButton = useRef<HTMLButtonElement>(null);
  const { payment } = request;

  async function confirm() {
    try {
      const { data } = await approve({ variables: { serviceAccountId: request.serviceAccountId } });
      const problems = data?.approveRestoration.userErrors ?? [];
      if (problems.length > 0) return onDone({ said: { text: problems.map((p) => p.message).join(' ') }, problem: true });
      // The feed's closing event takes the row away.
      onDone({ said: said('restorations.approved', { account: request.accountNumber }), problem: false });
    } catch (error) {
      // An error the server answered with (not allowed...) says why; a lost answer says nothing of whether it was approved:
      // the feed takes the row away if it was, or it stays to be approved again.
      const answered = isAnswer(errorCode(error));
      onDone({ said: answered ? serverMessage(errorMessage(error), 'common.loadFailed') : said('restorations.unconfirmed', { account: request.accountNumber }), problem: true });
    } finally {
      setConfirming(false);
    }
  }

  /** No, or Escape (as in every dialog of the console): back to Approve, nothing sent. */
  function cancel() {
    setConfirming(false);
    requestAnimationFrame(() => approveButton.current?.focus());
  }

  return (
    <tr>
      <th scope="row">{request.accountNumber}</th>
      <td>{dateTime(request.requestedAt)}</td>
      <td>{payment ? `${payment.confirmationNumber} · ${payment.total.formatted} · ${statusLabel(t, payment.status, payment.statusLabel)}` : t('restorations.noPayment')}</td>
      <td>{request.blockedBy ? t(`restorations.waiting.${request.blockedBy}`) : t('restorations.posted')}</td>
      <td>
        {confirming ? (
          <div
            className="confirm"
            role="group"
            aria-label={t('restorations.approve', { account: request.accountNumber })}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && !loading) cancel();
            }}
          >
            <p>{t('restorations.confirm', { account: request.accountNumber })}</p>
            <button type="button" autoFocus disabled={loading} onClick={() => void confirm()}>
              {t(loading ? 'restorations.approving' : 'restorations.confirmYes')}
            </button>{' '}
            <button type="button" className="secondary" disabled={loading} onClick={cancel}>
              {t('restorations.confirmNo')}
            </button>
          </div>
        ) : (
          <button type="button" ref={approveButton} disabled={!request.approvable} aria-label={t('restorations.approve', { account: request.accountNumber })} onClick={() => setConfirming(true)}>
            {t('restorations.approveShort')}
          </button>
        )}
      </td>
    </tr>
  );
}
