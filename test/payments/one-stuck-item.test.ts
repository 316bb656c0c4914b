import { withClient } from '@platform/db';
import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { REFUND, bankToken, cardToken, newKey, pay, type PaymentShape } from './payments-api';

/*
 * The reconciliation job's retries of refunds and voids whose answer was
 * lost, and the e-check settlement job, go through a city's items one after
 * another. One that could not be recorded (a bug, a deadlock; here the
 * database refuses its update) used to end the city's pass there, leaving
 * every item after it unsettled on every run. Now it is logged and the pass
 * goes on.
 */

const NOW = new Date('2026-11-23T18:00:00Z');
const clock = new FixedClock(NOW);
/** How long the sandbox holds back the answer to a refund of $13.13; the gateway gives up on the processor well before. */
const HANG_MS = 1500;
let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true, processorTimeoutMs: 500, sandboxHangMs: HANG_MS });
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
});
afterAll(() => platform.close());

const guestPays = async (amount: string, token: string): Promise<PaymentShape> => {
  const paid = await pay(platform.client.asTenant('norwalk'), { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1002-00', amount }], token, payerEmail: 'stuck@example.com' });
  expect(paid.userErrors).toEqual([]);
  return paid.payment!;
};

/** While `during` runs, the database refuses any update of the `table` row with this id, as a driver error would. */
async function refusingUpdatesOf(table: 'payments' | 'payment_operations', id: string, during: () => Promise<void>): Promise<void> {
  const url = new URL(platform.settings.adminUrl);
  url.pathname = `/${platform.settings.databaseName}`;
  const sql = (statement: string) => withClient(url.toString(), (admin) => admin.query(statement));
  await sql(`CREATE FUNCTION refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'row % refused', OLD.id; END $$`);
  await sql(`CREATE TRIGGER refuse_update BEFORE UPDATE ON ${table} FOR EACH ROW WHEN (OLD.id = '${id}') EXECUTE FUNCTION refuse_update()`);
  try {
    await during();
  } finally {
    await sql(`DROP TRIGGER refuse_update ON ${table}`);
    await sql('DROP FUNCTION refuse_update()');
  }
}

/** Runs a job once, as its schedule would, whether or not it reports a failure. */
const runOnce = (job: string) => platform.runJob(job).catch(() => undefined);

it('settles the refunds after one whose answer cannot be recorded', async () => {
  const first = await guestPays('40.00', await cardToken(platform));
  const second = await guestPays('41.00', await cardToken(platform));
  const refunds: string[] = [];
  for (const payment of [first, second]) {
    // The processor refunds $13.13 but holds its answer back past the gateway's wait: the refund is UNKNOWN.
    const { refundPayment } = await staff.data<{ refundPayment: { userErrors: { code: string }[] } }>(REFUND, {
      input: { paymentId: payment.id, amount: '13.13', reason: 'Overpaid', idempotencyKey: newKey('refund') },
    });
    expect(refundPayment.userErrors.map((e) => e.code)).toEqual(['PROCESSOR_UNAVAILABLE']);
    const [operation] = await tenantRows<{ id: string }>(platform, 'norwalk', 'SELECT id FROM payment_operations WHERE payment_id = $1', [payment.id]);
    refunds.push(operation!.id);
  }
  await new Promise((resolve) => setTimeout(resolve, HANG_MS + 200));
  clock.advance(61_000);
  await refusingUpdatesOf('payment_operations', refunds[0]!, () => runOnce('payments.reconcile'));
  const statuses = await tenantRows<{ id: string; status: string }>(platform, 'norwalk', 'SELECT id, status FROM payment_operations WHERE id = ANY($1::uuid[])', [refunds]);
  expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toEqual({ [refunds[0]!]: 'UNKNOWN', [refunds[1]!]: 'SUCCEEDED' });
  expect(platform.logLines().some((line) => line.includes(refunds[0]!) && line.includes('could not record'))).toBe(true);
  // Once the database takes it, the next run settles it too.
  await runOnce('payments.reconcile');
  expect((await tenantRows<{ status: string }>(platform, 'norwalk', 'SELECT status FROM payment_operations WHERE id = $1', [refunds[0]])).map((row) => row.status)).toEqual(['SUCCEEDED']);
});

it('records the e-checks settled after one that cannot be recorded', async () => {
  clock.set(NOW);
  const first = await guestPays('15.00', await bankToken(platform));
  // From another account at the bank (any that does not end 0001-0003 settles): one bank account has one e-check at a time
  // waiting on its bank to an account.
  const second = await guestPays('16.00', await bankToken(platform, '000987654321'));
  // Three days on, the bank has settled both.
  clock.set(new Date('2026-11-26T19:00:00Z'));
  await refusingUpdatesOf('payments', first.id, () => runOnce('payments.settle-echecks'));
  const settled = async () =>
    Object.fromEntries(
      (await tenantRows<{ id: string; settled: boolean }>(platform, 'norwalk', 'SELECT id, settled_at IS NOT NULL AS settled FROM payments WHERE id = ANY($1::uuid[])', [[first.id, second.id]])).map(
        (row) => [row.id, row.settled],
      ),
    );
  expect(await settled()).toEqual({ [first.id]: false, [second.id]: true });
  await runOnce('payments.settle-echecks');
  expect(await settled()).toEqual({ [first.id]: true, [second.id]: true });
});
