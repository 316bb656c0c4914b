import { randomUUID } from 'node:crypto';
import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { BANK } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { APPROVE_RESTORATION, signInStaff } from './billing-api';
import { disconnectedAndPaidByEcheck } from './disconnected-paid-by-echeck';

/*
 * Norman charges $25.00 for an e-check that comes back. A disconnected
 * household pays its balance by e-check and, before the bank answers, in cash
 * at the counter too. The e-check comes back: the cash still pays what was
 * owed, so the return itself leaves the restoration request standing, but the
 * returned-payment fee is a new charge already due. The request is withdrawn
 * as the fee is charged (BALANCE_OWED_AGAIN, as a fee staff charge would),
 * not an hour later by the sweep, and the restoration queue is told.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  await changeCitySettings(platform, 'norman', { paymentRules: { returnedPaymentFee: '25.00' } });
});
afterAll(() => platform.close());

const HISTORY = `query H($id: UUID!) { serviceAccount(id: $id) { status balance { amountDueNow { amount } } statusHistory { fromStatus toStatus reason actor } } }`;
type History = {
  serviceAccount: { status: string; balance: { amountDueNow: { amount: string } }; statusHistory: { fromStatus: string | null; toStatus: string; reason: string; actor: string }[] };
};
type Changed = { serviceAccount: { status: string } | null; userErrors: { field: string[]; code: string; message: string }[] };
const COUNTER = 'mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id status } userErrors { code } } }';
type Counter = { recordCounterPayment: { payment: { id: string; status: string } | null; userErrors: unknown[] } };
/** What the restoration queue was told of the account: its status-change events, oldest first. */
const queueTold = async (serviceAccountId: string) =>
  tenantRows<{ type: string; reason: string }>(
    platform,
    'norman',
    "SELECT type, payload->>'reason' AS reason FROM events WHERE type LIKE 'account.%' AND payload->>'serviceAccountId' = $1 ORDER BY cursor",
    [serviceAccountId],
  );

/** A disconnected account owing $120.00, paid in full by an e-check that will come back and, the next day, by cash at the counter. */
async function paidTwiceByEcheckAndCash(accountNumber: string): Promise<{ id: string; clerk: GraphQLTestClient }> {
  const id = await disconnectedAndPaidByEcheck(platform, clock, accountNumber, BANK.accounts.returnsInsufficientFunds);
  const clerk = await signInStaff(platform, 'norman', 'SUPPORT');
  const { recordCounterPayment } = await clerk.data<Counter>(COUNTER, {
    input: { idempotencyKey: randomUUID(), allocations: [{ serviceAccountId: id, amount: '120.00' }], method: 'CASH', cashReceived: '120.00', receivedBy: 'Pat Clerk' },
  });
  expect(recordCounterPayment).toMatchObject({ payment: { status: 'POSTED' }, userErrors: [] });
  expect((await clerk.data<History>(HISTORY, { id })).serviceAccount.status).toBe('RESTORATION_PENDING');
  return { id, clerk };
}

it('withdraws the restoration request as owing again as soon as an e-check comes back with its fee, though cash still pays what it paid', async () => {
  const { id } = await paidTwiceByEcheckAndCash('5931-0001');

  // Two days after it was made, the bank returns the e-check for want of funds.
  clock.set(new Date('2026-11-25T18:30:00Z'));
  await platform.runJob('payments.settle-echecks');

  const manager = await signInStaff(platform, 'norman', 'ADMIN');
  const { serviceAccount } = await manager.data<History>(HISTORY, { id });
  // The cash stands: only the fee is owed, and it is why the request went, not the payment that came back.
  expect({ status: serviceAccount.status, owed: serviceAccount.balance.amountDueNow.amount, last: serviceAccount.statusHistory.at(-1) }).toEqual({
    status: 'DISCONNECTED',
    owed: '25.00',
    last: { fromStatus: 'RESTORATION_PENDING', toStatus: 'DISCONNECTED', reason: 'BALANCE_OWED_AGAIN', actor: 'system' },
  });
  // The restoration queue hears of it with the return, as of any other withdrawal.
  expect((await queueTold(id)).at(-1)).toEqual({ type: 'account.disconnected', reason: 'BALANCE_OWED_AGAIN' });
  const approval = await manager.data<{ approveRestoration: Changed }>(APPROVE_RESTORATION, { id });
  expect(approval.approveRestoration.userErrors.map((e) => e.code)).toEqual(['STATUS_CHANGE_NOT_ALLOWED']);

  // The hourly sweep, coming round later, finds nothing left to withdraw.
  await platform.runJob('billing.disconnection-sweep');
  expect((await manager.data<History>(HISTORY, { id })).serviceAccount.statusHistory.filter((change) => change.reason === 'BALANCE_OWED_AGAIN')).toHaveLength(1);
}, 60_000);
