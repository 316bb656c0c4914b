import { FixedClock, startTestPlatform, type GraphQLTestClient, type GraphQLResponse, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer } from '../customers/customer-api';
import { untilWaitingOnLocks } from '../db/lock-waits';
import { MAKE_PAYMENT, cardToken, newKey, pay, type MakePaymentResult } from './payments-api';

/*
 * Twenty identical requests at once (CI, under load): one was answered
 * INTERNAL_SERVER_ERROR. A retry's record held its accounts open (share-locked
 * against a close) ahead of its insert, and the insert waits, on the key's
 * unique index, for a transaction moving the first request's payment; that
 * transaction, recording the charge, locks the same accounts for update: a
 * deadlock, one side aborted. The accounts are now held after the insert, so
 * a retry waits holding no account, then is answered as the first request.
 * Here the first request's outcome is played by a transaction of the test's
 * own, in the same order, so the interleaving is certain.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let me: GraphQLTestClient;
let cardId: string;

beforeAll(async () => {
  platform = await startTestPlatform({ clock });
  const norwalk = platform.client.asTenant('norwalk');
  me = bearer(norwalk, (await registerCustomer(norwalk, { email: 'retries@example.com' })).session);
  const { savePaymentMethod } = await me.data<{ savePaymentMethod: { paymentMethod: { id: string } } }>('mutation S($t: String!) { savePaymentMethod(token: $t) { paymentMethod { id } } }', {
    t: await cardToken(platform),
  });
  cardId = savePaymentMethod.paymentMethod.id;
});
afterAll(() => platform.close());

/** Runs `during` inside a transaction that has moved `paymentId`'s row, as recording its charge does, then locks its account for update, as billing's books do. */
async function whileOutcomeRecorded(paymentId: string, accountNumber: string, during: () => Promise<void>): Promise<void> {
  await platform.db.transaction(async (manager) => {
    const [tenant] = await manager.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
    await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant!.id]);
    await manager.query('UPDATE payments SET updated_at = updated_at WHERE id = $1', [paymentId]);
    await during();
    await manager.query('SELECT id FROM service_accounts WHERE account_number = $1 FOR UPDATE', [accountNumber]);
  });
}

it("answers a retry that reaches its insert while the first request's charge is being recorded with that payment, not a server error", async () => {
  const input = { idempotencyKey: newKey('retry'), allocations: [{ accountNumber: '10-1004-00', amount: '7.00' }], savedMethodId: cardId };
  const first = await pay(me, input);
  expect(first.payment?.status).toBe('CAPTURED');

  let retry: Promise<GraphQLResponse<{ makePayment: MakePaymentResult }>> | undefined;
  await whileOutcomeRecorded(first.payment!.id, '10-1004-00', async () => {
    retry = me.request<{ makePayment: MakePaymentResult }>(MAKE_PAYMENT, { input });
    await untilWaitingOnLocks(platform.db, '%INSERT INTO payments%');
  });
  const answer = await retry!;
  expect(answer.errors).toBeUndefined();
  expect(answer.data?.makePayment).toEqual(first);
  expect(platform.logLines().filter((line) => line.includes('40P01'))).toEqual([]);
});
