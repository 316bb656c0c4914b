import { drawerOf, drawersOf, type DrawerPayment } from './counter-drawer';

let n = 0;
const payment = (over: Partial<DrawerPayment>): DrawerPayment => ({
  id: `p${++n}`,
  confirmationNumber: `C${n}`,
  methodKind: 'CASH',
  checkNumber: null,
  totalCents: 1000n,
  cashReceivedCents: null,
  status: 'POSTED',
  receivedBy: 'Pat',
  madeAt: new Date('2026-12-01T16:00:00Z'),
  clerkId: 'a',
  ...over,
});

describe('drawerOf', () => {
  it('takes voids out of what was taken, sums cash handed over and change over standing cash, lists standing checks', () => {
    const payments = [
      payment({ totalCents: 4250n, cashReceivedCents: 5000n }),
      payment({ totalCents: 500n, cashReceivedCents: 2000n, status: 'VOIDED' }),
      payment({ methodKind: 'CHECK', checkNumber: '0099', totalCents: 1225n }),
      payment({ methodKind: 'CHECK', checkNumber: '7', totalCents: 300n, status: 'VOIDED' }),
      payment({ clerkId: 'b', totalCents: 700n }),
    ];
    const drawer = drawerOf('2026-12-01', 'a', payments);
    expect(drawer.cash).toEqual({ taken: { count: 2, cents: 4750n }, voided: { count: 1, cents: 500n }, inDrawerCents: 4250n });
    expect(drawer.checks).toEqual({ taken: { count: 2, cents: 1525n }, voided: { count: 1, cents: 300n }, inDrawerCents: 1225n });
    expect([drawer.cashReceivedCents, drawer.changeGivenCents, drawer.totalCents]).toEqual([5000n, 750n, 5475n]);
    expect(drawer.checkNumbers).toEqual(['0099']);
    expect(drawer.payments).toHaveLength(4);
  });

  it('is all zeros for a clerk who took nothing', () => {
    const drawer = drawerOf('2026-12-01', 'z', [payment({})]);
    expect([drawer.cash.taken.count, drawer.checks.inDrawerCents, drawer.totalCents, drawer.payments]).toEqual([0, 0n, 0n, []]);
  });

  it('drawersOf gives one drawer per clerk, in the order each first took money', () => {
    expect(drawersOf('2026-12-01', [payment({ clerkId: 'b' }), payment({ clerkId: 'a' }), payment({ clerkId: 'b' })]).map((d) => [d.clerkId, d.payments.length])).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
  });
});
