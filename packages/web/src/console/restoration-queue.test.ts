import { applyRestorationEvent, type RestorationEvent, type RestorationQueue } from './restoration-queue';

const payment = (status: string) => ({ id: 'p1', confirmationNumber: 'K7QM-4XPD-9R2T', status, statusLabel: status, total: { formatted: '$346.55' } });
const event = (cursor: number, to: string, reason: string, approvable: boolean, paid: RestorationEvent['payment'] = null, account = 'a1'): RestorationEvent => ({
  cursor: String(cursor),
  occurredAt: `2026-11-30T10:00:0${cursor}Z`,
  serviceAccountId: account,
  accountNumber: `N-${account}`,
  to,
  reason,
  approvable,
  blockedBy: approvable ? null : 'NOT_POSTED',
  payment: paid,
});

const apply = (events: RestorationEvent[]): RestorationQueue => events.reduce(applyRestorationEvent, new Map() as RestorationQueue);

describe('applyRestorationEvent', () => {
  it('opens a request on payment in full, makes it approvable when its payment posts, and drops it on approval', () => {
    const opened = apply([event(1, 'RESTORATION_PENDING', 'PAID_IN_FULL', false, payment('CAPTURED'))]);
    expect(opened.get('a1')).toMatchObject({ approvable: false, blockedBy: 'NOT_POSTED', requestedAt: '2026-11-30T10:00:01Z', payment: { status: 'CAPTURED' } });
    const posted = applyRestorationEvent(opened, event(2, 'RESTORATION_PENDING', 'PAYMENT_POSTED', true, payment('POSTED')));
    expect(posted.get('a1')).toMatchObject({ approvable: true, blockedBy: null, requestedAt: '2026-11-30T10:00:01Z', payment: { status: 'POSTED' } });
    expect(applyRestorationEvent(posted, event(3, 'ACTIVE', 'RESTORATION_APPROVED', false)).size).toBe(0);
  });

  it('drops a request whose payment came back, and keeps others in the order they opened', () => {
    const queue = apply([
      event(1, 'RESTORATION_PENDING', 'PAID_IN_FULL', false, null, 'a1'),
      event(2, 'RESTORATION_PENDING', 'PAID_IN_FULL', false, null, 'a2'),
      event(3, 'DISCONNECTED', 'PAYMENT_RETURNED', false, null, 'a1'),
    ]);
    expect([...queue.keys()]).toEqual(['a2']);
  });
});
