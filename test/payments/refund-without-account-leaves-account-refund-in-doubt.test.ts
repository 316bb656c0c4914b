import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { REFUND, cardToken, newKey, pay } from './payments-api';

/*
 * A refund asked of one account whose answer is lost (the sandbox makes a
 * $13.13 refund, then holds its answer), then a refund without an account:
 * both fit the payment when asked. The one without an account must not take
 * the cents the first holds on its account, or the first, when
 * reconciliation learns it went through, no longer fits: it was recorded as
 * done but never put on the payment or the ledger, while the processor gave
 * back both. Whatever order the answers come in, both are recorded.
 */
const HANG_MS = 1500;
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let staff: GraphQLTestClient;
let accounts: { readonly carter: string; readonly lopez: string };
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true, processorTimeoutMs: 500, sandboxHangMs: HANG_MS });
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const rows = await tenantRows<{ id: string; account_number: string }>(platform, 'norwalk', "SELECT id, account_number FROM service_accounts WHERE account_number IN ('10-1001-00', '10-1002-00')");
  const idOf = (number: string) => rows.find((row) => row.account_number === number)!.id;
  accounts = { carter: idOf('10-1002-00'), lopez: idOf('10-1001-00') };
});
afterAll(() => platform.close());

type Payload = { payment: { status: string; refunded: { amount: string } } | null; userErrors: { field: string[]; code: string; message: string }[] };
const refund = async (input: Record<string, unknown>) => (await staff.data<{ refundPayment: Payload }>(REFUND, { input })).refundPayment;
const accountName = (id: string) => (id === accounts.carter ? 'carter' : 'lopez');

/** What the payment, its refunds, its lines and the ledger say was given back, per account where they keep it. */
async function givenBack(paymentId: string) {
  const ops = await tenantRows<{ status: string; reason: string | null }>(
    platform,
    'norwalk',
    `SELECT o.status, (SELECT t.reason FROM payment_operation_transitions t WHERE t.operation_id = o.id ORDER BY t.occurred_at DESC LIMIT 1) AS reason
       FROM payment_operations o WHERE o.payment_id = $1 ORDER BY o.created_at`,
    [paymentId],
  );
  const [payment] = await tenantRows<{ refunded_cents: string }>(platform, 'norwalk', 'SELECT refunded_cents::text FROM payments WHERE id = $1', [paymentId]);
  const lines = await tenantRows<{ service_account_id: string; refunded_cents: string }>(
    platform,
    'norwalk',
    'SELECT service_account_id, refunded_cents::text FROM payment_lines WHERE payment_id = $1',
    [paymentId],
  );
  const ledger = await tenantRows<{ service_account_id: string; cents: string }>(
    platform,
    'norwalk',
    `SELECT service_account_id, amount_cents::text AS cents FROM ledger_entries WHERE payment_id = $1 AND kind = 'REFUND' ORDER BY recorded_at`,
    [paymentId],
  );
  return {
    ops: ops.map((o) => o.status),
    reasons: ops.map((o) => o.reason),
    refunded: payment!.refunded_cents,
    lines: Object.fromEntries(lines.map((l) => [accountName(l.service_account_id), l.refunded_cents])),
    ledger: Object.fromEntries(Object.values(accounts).map((id) => [accountName(id), ledger.filter((r) => r.service_account_id === id).map((r) => r.cents)])),
  };
}

it('records a refund asked of one account that was in doubt, once known, after a refund without an account asked meanwhile', async () => {
  // $20.00 to James Carter's account (line 1), $30.00 to Maria Lopez's.
  const { payment, userErrors } = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('two-accounts'),
    allocations: [
      { accountNumber: '10-1002-00', amount: '20.00' },
      { accountNumber: '10-1001-00', amount: '30.00' },
    ],
    payerEmail: 'two.accounts@example.com',
    token: await cardToken(platform),
  });
  expect(userErrors).toEqual([]);
  const paymentId = payment!.id;

  const inDoubt = await refund({ paymentId, serviceAccountId: accounts.carter, amount: '13.13', reason: 'Carter overpaid', idempotencyKey: newKey() });
  expect(inDoubt.userErrors.map((e) => e.code)).toEqual(['PROCESSOR_UNAVAILABLE']);
  await new Promise((resolve) => setTimeout(resolve, HANG_MS + 200));

  // Accepted: $50.00 less the $13.13 in flight leaves $36.87. It leaves Carter's $13.13 to the refund asked of it.
  const goodwill = await refund({ paymentId, amount: '10.00', reason: 'Goodwill', idempotencyKey: newKey() });
  expect(goodwill.userErrors).toEqual([]);
  expect(await givenBack(paymentId)).toMatchObject({ ops: ['UNKNOWN', 'SUCCEEDED'], refunded: '1000', lines: { carter: '0', lopez: '1000' }, ledger: { carter: [], lopez: ['1000'] } });

  clock.set(new Date(clock.now().getTime() + 60 * 60 * 1000));
  await platform.runJob('payments.reconcile');

  // The processor gave back $23.13 in all: the payment, its lines and the ledger say so, and nothing is left to settle by hand.
  const after = await givenBack(paymentId);
  expect(after).toEqual({
    ops: ['SUCCEEDED', 'SUCCEEDED'],
    reasons: [expect.any(String), expect.any(String)],
    refunded: '2313',
    lines: { carter: '1313', lopez: '1000' },
    ledger: { carter: ['1313'], lopez: ['1000'] },
  });
  expect(after.reasons.join(' ')).not.toMatch(/by hand/i);
});
