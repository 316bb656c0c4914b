import { useApolloClient } from '@apollo/client/react';
import { MaskedAccounts, SaidMethod } from '../shared/said-masked';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type RefObject } from 'react';
import type { BoardFeedSubscription } from '../gql/graphql';
import { DataTable } from '../shared/data-table';
import { useFirstNewRow } from '../shared/first-new-row';
import { useLocale, useT } from '../shared/locale';
import type { PageTenant } from '../shared/page-tenant';
import { BoardFeedDocument, BoardFeedHeadDocument } from './board-operations';
import { EMPTY_BOARD, applyEvents, visibleRows, type Board, type BoardEvent, type BoardFilter, type BoardRow } from './board-rows';
import { useCityTime, type CityTime } from './city-time';
import { useLive, useLiveState } from './live-context';
import { FROM_THE_START, followFeed } from './live-feed';
import { LiveAnnouncement } from './live-announcement';
import { LiveIndicator } from './live-indicator';
import { BOARD_STATUSES, channelLabel, methodKindLabel, methodLabel, statusLabel, statusTone } from './payment-labels';
import { PaymentDrawer } from './payment-drawer';
import { ReplayEnd } from './replay-end';
import { FindPayment, type FoundPayment } from './find-payment';
import './board.css';

/** Rows rendered at first and added by each "Show more": the DOM stays small however many payments the feed holds. */
const PAGE = 100;
const KNOWN_METHOD_KINDS = ['CARD', 'BANK_ACCOUNT'];

function toBoardEvent(data: BoardFeedSubscription): BoardEvent {
  const event = data.paymentFeed;
  return {
    cursor: event.cursor,
    paymentId: event.paymentId,
    confirmationNumber: event.confirmationNumber,
    status: event.status,
    statusLabel: event.statusLabel,
    occurredAt: event.occurredAt,
    total: event.total.formatted,
    madeAt: event.madeAt ?? null,
    method: event.method ?? null,
    channel: event.channel ?? null,
    accounts: event.maskedAccountNumbers ?? null,
  };
}

/** Issue 13 item 4: the city's payments as they happen, one row per payment, newest first. */
export function BoardPage({ tenant }: { readonly tenant: PageTenant }) {
  const t = useT();
  const { locale } = useLocale();
  const live = useLive();
  const client = useApolloClient();
  const liveState = useLiveState(live);
  const time = useCityTime(locale, tenant.timezone);
  const ids = useId();
  const [board, setBoard] = useState<Board>(EMPTY_BOARD);
  const [announcement, setAnnouncement] = useState<{ count: number; n: number } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [methodKind, setMethodKind] = useState<string | null>(null);
  /*
   * How many payments a filter matches, said once as it is chosen: focus stays on the select, so nothing else tells a
   * screen reader what the table became. Counted then, not kept live, so later payments do not say it again; `n`
   * makes the same count, chosen again, a new announcement.
   */
  const [filterResult, setFilterResult] = useState<{ total: number; n: number } | null>(null);
  const [limit, setLimit] = useState(PAGE);
  const [caughtUp, setCaughtUp] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  // A payment found by its number may be one the board does not hold: its number comes with it.
  const [found, setFound] = useState<FoundPayment | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const firstNew = useFirstNewRow<HTMLButtonElement>();

  useEffect(() => {
    let current = EMPTY_BOARD;
    let pending: BoardEvent[] = [];
    let frame: number | null = null;
    // The board has caught up once it has shown the payments of the feed's replay; those first seen after it (live, or
    // replayed after a reconnect) are announced as new.
    const replay = new ReplayEnd();
    const headIs = (head: string | null) => {
      replay.headIs(head);
      if (replay.isOver) setCaughtUp(true);
    };
    // Events are applied once per frame: a replay of thousands renders a few times, not thousands.
    const flush = () => {
      frame = null;
      const { board: next, added } = applyEvents(current, pending);
      const caughtUpBefore = replay.isOver;
      for (const event of pending) replay.seen(event.cursor);
      pending = [];
      current = next;
      setBoard(next);
      if (!caughtUpBefore) setCaughtUp(replay.isOver);
      else if (added.length > 0) setAnnouncement((previous) => ({ count: added.length, n: (previous?.n ?? 0) + 1 }));
    };
    client.query({ query: BoardFeedHeadDocument, fetchPolicy: 'network-only' }).then(
      ({ data }) => headIs(data?.paymentFeedHead ?? null),
      () => headIs(null),
    );
    const stop = followFeed(live.client, BoardFeedDocument, {}, FROM_THE_START, toBoardEvent, {
      onEvent(event) {
        pending.push(event);
        frame ??= requestAnimationFrame(flush);
      },
    });
    return () => {
      stop();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [live, client]);

  const filter = useMemo(() => ({ status, methodKind }), [status, methodKind]);
  const shown = useMemo(() => visibleRows(board, filter, limit), [board, filter, limit]);
  const methodKinds = useMemo(() => {
    const kinds = new Set(KNOWN_METHOD_KINDS);
    for (const row of board.rows.values()) if (row.method) kinds.add(row.method.kind);
    return [...kinds];
  }, [board]);
  const openRow = openId ? board.rows.get(openId) : undefined;

  function filterBy(next: BoardFilter) {
    setStatus(next.status);
    setMethodKind(next.methodKind);
    setLimit(PAGE);
    setFilterResult((previous) => ({ total: visibleRows(board, next, 0).total, n: (previous?.n ?? 0) + 1 }));
  }

  const openDetails = useCallback((id: string, button: HTMLButtonElement) => {
    opener.current = button;
    setOpenId(id);
  }, []);
  const openFound = useCallback(
    (payment: FoundPayment, button: HTMLButtonElement) => {
      setFound(payment);
      openDetails(payment.id, button);
    },
    [openDetails],
  );
  const closeDetails = useCallback(() => {
    setOpenId(null);
    // Back to the row's button, so a keyboard user carries on where they were.
    opener.current?.focus();
  }, []);

  return (
    <div className="board">
      <div className="board-bar">
        <p className="board-intro">{t('board.intro', { city: tenant.name })}</p>
        <LiveIndicator state={liveState === 'live' && !caughtUp ? 'catchingUp' : liveState} />
      </div>
      <LiveAnnouncement said={announcement && { text: announcement.count === 1 ? t('board.newPayment') : t('board.newPayments', { count: announcement.count }), n: announcement.n }} />
      <LiveAnnouncement
        said={
          filterResult && {
            text: filterResult.total === 0 ? t('board.matchNone') : filterResult.total === 1 ? t('board.matchOne') : t('board.matchMany', { count: filterResult.total }),
            n: filterResult.n,
          }
        }
      />
      <FindPayment onFound={openFound} />
      <form className="board-filters" aria-label={t('board.filters')} onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={`${ids}-status`}>{t('board.filter.status')}</label>
          <select id={`${ids}-status`} value={status ?? ''} onChange={(event) => filterBy({ status: event.target.value || null, methodKind })}>
            <option value="">{t('board.filter.all')}</option>
            {BOARD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(t, s, s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-method`}>{t('board.filter.method')}</label>
          <select id={`${ids}-method`} value={methodKind ?? ''} onChange={(event) => filterBy({ status, methodKind: event.target.value || null })}>
            <option value="">{t('board.filter.all')}</option>
            {methodKinds.map((kind) => (
              <option key={kind} value={kind}>
                {methodKindLabel(t, kind)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {board.order.length === 0 ? (
        <p>{t('board.empty')}</p>
      ) : shown.total === 0 ? (
        <p>{t('board.noMatch')}</p>
      ) : (
        <>
          <DataTable
            caption={t('board.caption')}
            captionHidden
            landmark
            className="board-table"
            columns={[
              { label: t('board.col.confirmation') },
              { label: t('board.col.status') },
              { label: t('board.col.amount'), numeric: true },
              { label: t('board.col.method') },
              { label: t('board.col.channel') },
              { label: t('board.col.account') },
              { label: t('board.col.time', { zone: time.zone }) },
            ]}
          >
            {shown.rows.map((row, index) => (
              <BoardRowView key={row.id} row={row} time={time} t={t} onOpen={openDetails} focusRef={firstNew.refAt(index)} />
            ))}
          </DataTable>
          <p className="board-count">{t(shown.total === 1 ? 'board.showingOne' : 'board.showing', { shown: shown.rows.length, total: shown.total })}</p>
          {shown.total > shown.rows.length && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setLimit((current) => current + PAGE);
                // The button goes once the last rows are shown: focus moves to the first row added, not to the top of the page.
                firstNew.added(shown.rows.length);
              }}
            >
              {t('board.showMore', { count: Math.min(PAGE, shown.total - shown.rows.length) })}
            </button>
          )}
        </>
      )}
      {openId && (
        <PaymentDrawer
          paymentId={openId}
          confirmationNumber={openRow?.confirmationNumber ?? (found?.id === openId ? found.confirmationNumber : '')}
          lastEvent={openRow?.lastEvent ?? ''}
          time={time}
          onClose={closeDetails}
        />
      )}
    </div>
  );
}

type T = ReturnType<typeof useT>;

/** One payment's row; memoised, so a live event re-renders only the row it changes. */
const BoardRowView = memo(function BoardRowView({
  row,
  time,
  t,
  onOpen,
  focusRef,
}: {
  row: BoardRow;
  time: CityTime;
  t: T;
  onOpen: (id: string, opener: HTMLButtonElement) => void;
  /** Set on the first row a "Show more" added, which takes focus. */
  focusRef?: RefObject<HTMLButtonElement | null> | undefined;
}) {
  return (
    <tr>
      <th scope="row">
        <button
          ref={focusRef}
          type="button"
          className="link-button"
          aria-haspopup="dialog"
          aria-label={t('board.openDetails', { confirmation: row.confirmationNumber })}
          onClick={(event) => onOpen(row.id, event.currentTarget)}
        >
          {row.confirmationNumber}
        </button>
      </th>
      <td>
        <span className={`chip chip-${statusTone(row.status)}`}>{statusLabel(t, row.status, row.statusLabel)}</span>
      </td>
      <td className="number">{row.total}</td>
      <td>{row.method && <SaidMethod text={methodLabel(t, row.method)} method={row.method} />}</td>
      <td>{row.channel ? channelLabel(t, row.channel) : ''}</td>
      <td>
        <MaskedAccounts masked={row.accounts} />
      </td>
      <td>
        <time dateTime={row.madeAt}>{time.dateTime(row.madeAt)}</time>
      </td>
    </tr>
  );
});
