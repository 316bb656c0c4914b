import { FixedClock, startTestPlatform, type GraphQLTestClient, type GraphQLResponse, type TestPlatform } from '@platform/testkit';
import { importCsv, signInStaff } from './billing-api';
import { tenantRows } from '../customers/customer-api';
import { MAKE_PAYMENT, REFUND, cardToken, newKey, pay, processorCharges, type MakePaymentResult, type PaymentShape } from '../payments/payments-api';
import { untilWaitingOnLocks } from '../db/lock-waits';

/*
 * Billing's ledger writes for a payment of a payable (posting, a refund's
 * early posting and its refund, a reversal) used to lock the account and only
 * then insert a ledger row whose foreign key share-locks the payable, while a
 * new payment of that payable locks the payable first, then the account: a
 * deadlock, answered to one of them as a server error (to a payer already
 * charged, too). Both now lock payables, then accounts.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let staff: GraphQLTestClient;
let nextAddress = 1;
const guest = () => platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });

beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true, processorTimeoutMs: 6000, sandboxHangMs: 2500 });
  staff = await signInStaff(platform, 'norman', 'ADMIN');
  const csv = ['bill_number,account_number,kind,issue_date,due_date,other', 'CIT-7001,2002-0933,CITATION,2026-11-01,2026-12-01,40.00', 'CIT-7002,2002-0933,CITATION,2026-11-01,2026-12-01,40.00'];
  expect((await importCsv(staff, csv.join('\n'))).imported).toBe(2);
});
afterAll(() => platform.close());

const until = (n: number) => untilWaitingOnLocks(platform.db, '%', { n });

type Refunded = GraphQLResponse<{ refundPayment: { payment: PaymentShape | null; userErrors: unknown[] } }>;
type Paid = GraphQLResponse<{ makePayment: MakePaymentResult }>;

/** The citation's payable and its account's id. */
async function citation(referenceNumber: string): Promise<{ payableId: string; accountId: string }> {
  const { lookupPayable } = await guest().data<{ lookupPayable: { payable: { payableId: string } } }>(
    'mutation L($n: String!) { lookupPayable(input: { referenceNumber: $n }) { payable { payableId } } }',
    {
      n: referenceNumber,
    },
  );
  const [account] = await tenantRows<{ id: string }>(platform, 'norman', "SELECT id FROM service_accounts WHERE account_number = '2002-0933'");
  return { payableId: lookupPayable.payable.payableId, accountId: account!.id };
}

/**
 * Runs `during` while the account's row is held, then lets it go. Anything
 * else holding the account for a moment (the disconnection sweep, an
 * adjustment, a payment of the account) lines requests up the same way; here
 * it only makes the interleaving certain.
 */
async function whileAccountHeld(accountId: string, during: () => Promise<void>): Promise<void> {
  await platform.db.transaction(async (manager) => {
    const [tenant] = await manager.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norman'");
    await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant!.id]);
    await manager.query('SELECT id FROM service_accounts WHERE id = $1 FOR UPDATE', [accountId]);
    await during();
  });
}

const refundFive = (paymentId: string) =>
  staff.request<{ refundPayment: { payment: PaymentShape | null; userErrors: unknown[] } }>(REFUND, {
    input: { paymentId, amount: '5.00', reason: 'Reduced on appeal', idempotencyKey: newKey('refund') },
  });

const deadlocks = () => platform.logLines().filter((line) => line.includes('40P01')).length;

it('a staff refund of a citation payment and a resident paying the rest of that citation at the same moment: both go through', async () => {
  const { payableId, accountId } = await citation('CIT-7001');
  const first = await pay(guest(), { idempotencyKey: newKey(), allocations: [{ payableId, amount: '20.00' }], token: await cardToken(platform), payerEmail: 'a@example.com' });
  expect(first.payment?.status).toBe('CAPTURED');
  const secondToken = await cardToken(platform);

  let refund: Promise<Refunded> | undefined;
  let second: Promise<Paid> | undefined;
  await whileAccountHeld(accountId, async () => {
    refund = refundFive(first.payment!.id);
    await until(1);
    second = guest().request<{ makePayment: MakePaymentResult }>(MAKE_PAYMENT, {
      input: { idempotencyKey: newKey(), allocations: [{ payableId, amount: '20.00' }], token: secondToken, payerEmail: 'b@example.com' },
    });
    await until(2);
  });
  const [refunded, paid] = await Promise.all([refund!, second!]);
  expect(deadlocks()).toBe(0);
  expect(refunded.errors).toBeUndefined();
  expect(paid.errors).toBeUndefined();
  expect(refunded.data?.refundPayment.payment?.status).toBe('PARTIALLY_REFUNDED');
  expect(paid.data?.makePayment.payment?.status).toBe('CAPTURED');
});

it('a payer whose charge went through is answered with it, even when a refund (posting early) of another payment of the same citation runs into the recording of theirs', async () => {
  const { payableId, accountId } = await citation('CIT-7002');
  const first = await pay(guest(), { idempotencyKey: newKey(), allocations: [{ payableId, amount: '20.00' }], token: await cardToken(platform), payerEmail: 'c@example.com' });
  expect(first.payment?.status).toBe('CAPTURED');

  // The sandbox answers a charge of 13.13 after 2.5 s (the gateway waits 6 s): a processor a little slow to answer.
  const second = guest().request<{ makePayment: MakePaymentResult }>(MAKE_PAYMENT, {
    input: { idempotencyKey: newKey(), allocations: [{ payableId, amount: '13.13' }], token: await cardToken(platform), payerEmail: 'slow@example.com' },
  });
  const deadline = Date.now() + 5000;
  while ((await tenantRows(platform, 'norman', "SELECT 1 FROM payments WHERE payer_email = 'slow@example.com'")).length === 0) {
    if (Date.now() > deadline) throw new Error('never recorded');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  let refund: Promise<Refunded> | undefined;
  await whileAccountHeld(accountId, async () => {
    refund = refundFive(first.payment!.id);
    await until(1);
    await until(2);
  });
  const [refunded, paid] = await Promise.all([refund!, second]);
  const [row] = await tenantRows<{ id: string; status: string }>(platform, 'norman', "SELECT id, status FROM payments WHERE payer_email = 'slow@example.com'");
  const charge = (await processorCharges(platform)).find((c) => c.idempotencyKey === `payment-${row!.id}`);
  expect(deadlocks()).toBe(0);
  expect(charge?.status).toBe('CAPTURED');
  expect(row?.status).toBe('CAPTURED');
  expect(refunded.errors).toBeUndefined();
  expect(paid.errors).toBeUndefined();
  expect(paid.data?.makePayment.payment?.status).toBe('CAPTURED');
});
