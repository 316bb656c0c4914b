import { useApolloClient, useMutation } from '@apollo/client/react';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { ApprovalQueueSubscription } from '../gql/graphql';
import { errorCode, errorMessage } from '../shared/api';
import { DataTable } from '../shared/data-table';
import { Field } from '../shared/field';
import { useLocale, useT } from '../shared/locale';
import { message as said, serverMessage } from '../shared/message';
import { OutcomeNotice, outcomeInLocale, type Outcome } from './outcome-notice';
import type { PageTenant } from '../shared/page-tenant';
import { useSaidInLocale } from '../shared/said-in-locale';
import { isAnswer } from './accounts/problems-from';
import { ApprovalQueueDocument, ApprovalQueueSetupDocument, ApproveGivingBackDocument, DeclineGivingBackDocument } from './approval-operations';
import { applyApprovalEvent, type ApprovalEvent, type ApprovalQueue } from './approval-queue';
import { useCityTime } from './city-time';
import { useLive, useLiveState } from './live-context';
import { useLiveQueue } from './live-queue';
import { clockOffset, isPast, useNowPassing } from './time-up';
import { LiveAnnouncement } from './live-announcement';
import { LiveIndicator } from './live-indicator';
import './board.css';

type Decision = 'approve' | 'decline';

/**
 * Two people for large sums: refunds and voids at or above the city's threshold wait here, live, until an ADMIN other
 * than the one who asked approves (it is made then) or declines them, each with a reason.
 */
export function ApprovalsPage({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  const { locale } = useLocale();
  const live = useLive();
  const client = useApolloClient();
  const liveState = useLiveState(live);
  const time = useCityTime(locale, tenant.timezone);
  const [setup, setSetup] = useState<{ threshold: string; expiryDays: number; clockOffsetMs: number } | null>(null);
  const [message, setMessage] = useSaidInLocale<Outcome | null>(() => null, outcomeInLocale);
  const { queue, arrived } = useLiveQueue({
    subscription: ApprovalQueueDocument,
    variables: {},
    pick: (data: ApprovalQueueSubscription): ApprovalEvent => data.givingBackApprovals,
    async head() {
      const { data } = await client.query({ query: ApprovalQueueSetupDocument, fetchPolicy: 'network-only' });
      if (data)
        setSetup({
          threshold: data.tenant.paymentRules.refundApprovalThreshold.formatted,
          expiryDays: data.tenant.paymentRules.approvalExpiryDays,
          clockOffsetMs: clockOffset(data.platformTime, Date.now()),
        });
      return data?.givingBackApprovalsHead ?? null;
    },
    empty: new Map() as ApprovalQueue,
    apply: applyApprovalEvent,
    opens: (open, event) => event.status === 'AWAITING' && !open.has(event.id),
  });

  const requests = [...queue.values()];
  // A request past its time is shown expired at once (the server refuses to decide it), not when the hourly job marks it.
  const now = useNowPassing(
    requests.map((request) => request.expiresAt),
    setup?.clockOffsetMs ?? 0,
  );
  const kindText = (kind: string) => t(kind === 'VOID' ? 'approvals.kind.VOID' : 'approvals.kind.REFUND');
  const whatText = (kind: string) => t(kind === 'VOID' ? 'approvals.what.VOID' : 'approvals.what.REFUND');
  // Said in the page's language now, whichever it was in when the request arrived.
  const arrivedText = arrived && {
    text: t('approvals.arrived', { what: whatText(arrived.event.kind), amount: arrived.event.amount.formatted, confirmation: arrived.event.confirmationNumber }),
    n: arrived.n,
  };
  return (
    <div className="approvals">
      <div className="board-bar">
        <p className="board-intro">
          {setup ? t('approvals.intro', { threshold: setup.threshold }) : t('approvals.introNoThreshold')}
          {setup && <> {setup.expiryDays === 1 ? t('approvals.expiryOne') : t('approvals.expiry', { days: String(setup.expiryDays) })}</>}
        </p>
        <LiveIndicator state={liveState} />
      </div>
      <LiveAnnouncement said={arrivedText} />
      <OutcomeNotice outcome={message} />
      {requests.length === 0 ? (
        <p>{t('approvals.empty')}</p>
      ) : (
        <DataTable
          caption={t('approvals.caption')}
          captionHidden
          landmark
          className="board-table"
          columns={[
            { label: t('approvals.col.payment') },
            { label: t('approvals.col.kind') },
            { label: t('approvals.col.amount') },
            { label: t('approvals.col.requestedBy') },
            { label: t('approvals.col.reason') },
            { label: t('approvals.col.requestedAt') },
            { label: t('approvals.col.expiresAt') },
            { label: t('approvals.col.decision') },
          ]}
        >
          {requests.map((request) => (
            <ApprovalRow
              key={request.id}
              request={request}
              kind={kindText(request.kind)}
              what={whatText(request.kind)}
              requester={request.mine ? t('approvals.you') : requesterText(request, t('approvals.staffMember'))}
              expired={isPast(request.expiresAt, now)}
              dateTime={time.dateTime}
              onDone={setMessage}
            />
          ))}
        </DataTable>
      )}
    </div>
  );
}

/** Who asked, as the approver reads them: name and email, either alone when it is all there is. */
function requesterText({ requester }: ApprovalEvent, unknown: string): string {
  const name = requester?.name ?? null;
  const email = requester?.email ?? null;
  if (name && email) return `${name} (${email})`;
  return name ?? email ?? unknown;
}

function ApprovalRow({
  request,
  kind,
  what,
  requester,
  expired,
  dateTime,
  onDone,
}: {
  request: ApprovalEvent;
  /** The request's kind for its column ("Refund"), and as a sentence says it ("refund"). */
  kind: string;
  what: string;
  requester: string;
  /** Past its time: it may no longer be decided, only asked for again. */
  expired: boolean;
  dateTime: (iso: string) => string;
  onDone: (outcome: Outcome) => void;
}) {
  const t = useT();
  const reasonId = useId();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [approve, approving] = useMutation(ApproveGivingBackDocument);
  const [decline, declining] = useMutation(DeclineGivingBackDocument);
  const loading = approving.loading || declining.loading;
  const buttons = { approve: useRef<HTMLButtonElement>(null), decline: useRef<HTMLButtonElement>(null) };
  const facts = { what, amount: request.amount.formatted, confirmation: request.confirmationNumber };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!deciding || loading) return;
    if (!reason.trim()) return setReasonError(t('approvals.reasonRequired'));
    const input = { approvalId: request.id, reason: reason.trim() };
    try {
      const problems =
        deciding === 'approve'
          ? ((await approve({ variables: { input } })).data?.approveGivingBack.userErrors ?? [])
          : ((await decline({ variables: { input } })).data?.declineGivingBack.userErrors ?? []);
      if (problems.length > 0) return onDone({ said: { text: problems.map((p) => p.message).join(' ') }, problem: true });
      // The feed's event takes the row away.
      onDone({ said: said(deciding === 'approve' ? 'approvals.approved' : 'approvals.declined', facts), problem: false });
    } catch (error) {
      const answered = isAnswer(errorCode(error));
      onDone({ said: answered ? serverMessage(errorMessage(error), 'common.loadFailed') : said('approvals.unconfirmed', facts), problem: true });
    } finally {
      setDeciding(null);
    }
  }

  /** Cancel, or Escape: back to the button that asked, nothing sent. */
  function cancel() {
    const from = deciding;
    setDeciding(null);
    setReasonError(undefined);
    requestAnimationFrame(() => (from ? buttons[from].current?.focus() : undefined));
  }

  return (
    <tr>
      <th scope="row">{request.confirmationNumber}</th>
      <td>{kind}</td>
      <td>{request.amount.formatted}</td>
      <td>{requester}</td>
      <td>{request.reason}</td>
      <td>{dateTime(request.requestedAt)}</td>
      <td>{request.expiresAt ? dateTime(request.expiresAt) : ''}</td>
      <td>
        {expired && !loading ? (
          <p>{t('approvals.expired')}</p>
        ) : request.mine ? (
          <p>{t('approvals.ownRequest')}</p>
        ) : deciding ? (
          <form
            className="confirm"
            aria-label={t(deciding === 'approve' ? 'approvals.approveLabel' : 'approvals.declineLabel', facts)}
            noValidate
            onSubmit={(event) => void submit(event)}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && !loading) cancel();
            }}
          >
            <Field id={reasonId} label={t(deciding === 'approve' ? 'approvals.approveReason' : 'approvals.declineReason')} error={reasonError}>
              {(control) => <input {...control} type="text" autoFocus value={reason} onChange={(event) => setReason(event.target.value)} disabled={loading} />}
            </Field>
            <button type="submit" disabled={loading}>
              {t(loading ? 'approvals.sending' : deciding === 'approve' ? 'approvals.confirmApprove' : 'approvals.confirmDecline')}
            </button>{' '}
            <button type="button" className="secondary" disabled={loading} onClick={cancel}>
              {t('approvals.cancel')}
            </button>
          </form>
        ) : (
          <>
            <button type="button" ref={buttons.approve} aria-label={t('approvals.approveLabel', facts)} onClick={() => setDeciding('approve')}>
              {t('approvals.approve')}
            </button>{' '}
            <button type="button" className="secondary" ref={buttons.decline} aria-label={t('approvals.declineLabel', facts)} onClick={() => setDeciding('decline')}>
              {t('approvals.decline')}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
