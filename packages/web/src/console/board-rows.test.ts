import { EMPTY_BOARD, applyEvents, visibleRows, type BoardEvent } from './board-rows';

const event = (cursor: number, paymentId: string, status: string, kind = 'CARD'): BoardEvent => ({
  cursor: String(cursor),
  paymentId,
  confirmationNumber: `CN-${paymentId}`,
  status,
  statusLabel: status.toLowerCase(),
  occurredAt: `2026-11-30T10:00:0${cursor}Z`,
  total: '$1.00',
  madeAt: '2026-11-30T10:00:00Z',
  method: { kind, brand: kind === 'CARD' ? 'VISA' : null, last4: '4242' },
  accounts: ['****-1001'],
});

describe('applyEvents', () => {
  it('keeps one row per payment, newest first, with the status of its latest event', () => {
    const { board, added } = applyEvents(EMPTY_BOARD, [event(1, 'a', 'PENDING'), event(2, 'b', 'PENDING'), event(3, 'a', 'CAPTURED')]);
    expect(added).toEqual(['a', 'b']);
    expect(board.order).toEqual(['b', 'a']);
    expect(board.rows.get('a')?.status).toBe('CAPTURED');
    const next = applyEvents(board, [event(4, 'c', 'PENDING'), event(5, 'b', 'DECLINED')]);
    expect(next.added).toEqual(['c']);
    expect(next.board.order).toEqual(['c', 'b', 'a']);
    expect(next.board.rows.get('b')?.status).toBe('DECLINED');
  });

  it('keeps what an earlier event knew when a later one does not carry it', () => {
    const { board } = applyEvents(EMPTY_BOARD, [event(1, 'a', 'PENDING'), { ...event(2, 'a', 'POSTED'), madeAt: null, method: null, accounts: null }]);
    expect(board.rows.get('a')).toMatchObject({ status: 'POSTED', method: { kind: 'CARD', last4: '4242' }, accounts: ['****-1001'] });
  });

  it('keeps the channel a payment came through, and has none for events that do not say', () => {
    const { board } = applyEvents(EMPTY_BOARD, [{ ...event(1, 'a', 'PENDING'), channel: 'PHONE' }, { ...event(2, 'a', 'CAPTURED'), channel: null }, event(3, 'b', 'PENDING')]);
    expect(board.rows.get('a')?.channel).toBe('PHONE');
    expect(board.rows.get('b')?.channel).toBeNull();
  });
});

describe('visibleRows', () => {
  const { board } = applyEvents(EMPTY_BOARD, [event(1, 'a', 'CAPTURED'), event(2, 'b', 'DECLINED', 'BANK_ACCOUNT'), event(3, 'c', 'CAPTURED', 'CASH'), event(4, 'd', 'CAPTURED')]);

  it('filters by status and by method kind, and caps how many it returns', () => {
    expect(visibleRows(board, { status: 'CAPTURED', methodKind: null }, 10).rows.map((r) => r.id)).toEqual(['d', 'c', 'a']);
    expect(visibleRows(board, { status: null, methodKind: 'CASH' }, 10).rows.map((r) => r.id)).toEqual(['c']);
    expect(visibleRows(board, { status: 'CAPTURED', methodKind: 'CARD' }, 1)).toEqual({ rows: [board.rows.get('d')], total: 2 });
  });
});
