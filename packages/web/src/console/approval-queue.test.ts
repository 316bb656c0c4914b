import { applyApprovalEvent, type ApprovalEvent, type ApprovalQueue } from './approval-queue';

const event = (id: string, status: string, cursor: string): ApprovalEvent => ({
  cursor,
  id,
  paymentId: `p-${id}`,
  confirmationNumber: `C-${id}`,
  kind: 'REFUND',
  status,
  amount: { formatted: '$2,600.00' },
  reason: 'billed twice',
  requestedBy: 'u-1',
  requestedAt: '2026-11-23T20:00:00.000Z',
  mine: false,
});

const replay = (events: readonly ApprovalEvent[]): ApprovalQueue => events.reduce<ApprovalQueue>(applyApprovalEvent, new Map());

it('keeps a request while it awaits approval, oldest first', () => {
  expect([...replay([event('a', 'AWAITING', '1'), event('b', 'AWAITING', '2')]).keys()]).toEqual(['a', 'b']);
});

it('takes a request away once approved, declined or expired', () => {
  const queue = replay([event('a', 'AWAITING', '1'), event('b', 'AWAITING', '2'), event('c', 'AWAITING', '3'), event('a', 'APPROVED', '4'), event('b', 'DECLINED', '5'), event('c', 'EXPIRED', '6')]);
  expect([...queue.keys()]).toEqual([]);
});
