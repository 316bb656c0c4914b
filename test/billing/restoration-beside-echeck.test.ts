import { randomUUID } from 'node:crypto';
import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { BANK } from '../payments/payments-api';
import { APPROVE_RESTORATION, accountById, signInStaff } from './billing-api';
import { disconnectedAndPaidByEcheck } from './disconnected-paid-by-echeck';

/*
 * Norman: a disconnected household pays its balance by e-check, which posts
 * the next day and then waits on its bank. An e-check may still come back,
 * so it restores nothing on its own; but cash paid at the counter beside it
 * that pays everything owed even without it is money in hand: staff may
 * approve the restoration at once, and the queue is told it is ready. Cash
 * paying less than that is news to the queue too, but it still waits.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
});
afterAll(() => platform.close());

type Changed = { serviceAccount: { status: string } | null; userErrors: { field: string[]; code: string; message: string }[] };
const AWAITING_BANK = 'The e-check has posted but its bank has not cleared it yet; approve the restoration once it has.';
const COUNTER = 'mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id status } userErrors { code } } }';
type Counter = { recordCounterPayment: { payment: { id: string; status: string } | null; userErrors: unknown[] } };
/** Whether the restoration queue heard of the payment's posting, and what it reads for the account now. */
const queueToldOf = async (clerk: GraphQLTestClient, serviceAccountId: string, paymentId: string) => {
  const [told] = await tenantRows<{ n: string }>(platform, 'norman', "SELECT count(*)::text AS n FROM events WHERE type = 'restoration.payment_posted' AND payload->>'paymentId' = $1", [paymentId]);
  const { serviceAccount } = await clerk.data<{ serviceAccount: { restorationApprovable: boolean; restorationBlockedBy: string | null } }>(
    'query R($id: UUID!) { serviceAccount(id: $id) { restorationApprovable restorationBlockedBy } }',
    { id: serviceAccountId },
  );
  return { told: told!.n === '1', ...serviceAccount };
};

/** A disconnected account owing $120.00, paid in full by an e-check posted today (the 24th) that its bank has not settled. */
async function awaitingItsBank(accountNumber: string): Promise<{ id: string; clerk: GraphQLTestClient; manager: GraphQLTestClient }> {
  const id = await disconnectedAndPaidByEcheck(platform, clock, accountNumber, BANK.accounts.settles);
  const clerk = await signInStaff(platform, 'norman', 'SUPPORT');
  const manager = await signInStaff(platform, 'norman', 'ADMIN');
  expect((await accountById(clerk, id)).status).toBe('RESTORATION_PENDING');
  expect((await manager.data<{ approveRestoration: Changed }>(APPROVE_RESTORATION, { id })).approveRestoration.userErrors.map((e) => e.message)).toEqual([AWAITING_BANK]);
  return { id, clerk, manager };
}

const cashAtCounter = async (clerk: GraphQLTestClient, serviceAccountId: string, amount: string) => {
  const { recordCounterPayment } = await clerk.data<Counter>(COUNTER, {
    input: { idempotencyKey: randomUUID(), allocations: [{ serviceAccountId, amount }], method: 'CASH', cashReceived: amount, receivedBy: 'Pat Clerk' },
  });
  expect(recordCounterPayment).toMatchObject({ payment: { status: 'POSTED' }, userErrors: [] });
  return recordCounterPayment.payment!.id;
};

it('approves a restoration that cash at the counter pays in full, though an earlier e-check still waits on its bank', async () => {
  const { id, clerk, manager } = await awaitingItsBank('5930-0001');
  const cash = await cashAtCounter(clerk, id, '120.00');
  expect((await accountById(clerk, id)).balance.credit.amount).toBe('120.00');
  // The restoration queue is told the request is ready to approve: by another staff member than the clerk who took the cash.
  expect(await queueToldOf(manager, id, cash)).toEqual({ told: true, restorationApprovable: true, restorationBlockedBy: null });
  expect(await queueToldOf(clerk, id, cash)).toEqual({ told: true, restorationApprovable: false, restorationBlockedBy: 'SECOND_STAFF' });

  const approved = (await manager.data<{ approveRestoration: Changed }>(APPROVE_RESTORATION, { id })).approveRestoration;
  expect(approved).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
});

it('still waits for the bank when the cash beside the e-check pays only part of what is owed', async () => {
  const { id, clerk, manager } = await awaitingItsBank('5930-0002');
  // Should the e-check come back, $20.00 would be owed.
  const cash = await cashAtCounter(clerk, id, '100.00');
  expect(await queueToldOf(clerk, id, cash)).toEqual({ told: true, restorationApprovable: false, restorationBlockedBy: 'AWAITING_BANK' });
  const refused = (await manager.data<{ approveRestoration: Changed }>(APPROVE_RESTORATION, { id })).approveRestoration;
  expect(refused).toEqual({ serviceAccount: null, userErrors: [{ field: ['serviceAccountId'], code: 'PAYMENT_NOT_POSTED', message: AWAITING_BANK }] });
});
