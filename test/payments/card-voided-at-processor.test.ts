import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { accountById, signInStaff } from '../billing/billing-api';
import { STAFF_PAYMENT, VOID, cardToken, newKey, pay, voidAtProcessor, type PaymentShape } from './payments-api';

/*
 * A card charge voided in the processor's own dashboard (as staff can, and as
 * the e-check settlement job already expects for e-checks): the money never
 * moved, so the platform must not post the payment and credit the account.
 */

// Monday 2026-11-23, 10:00 in Norwalk.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true, jobs: true });
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
});
afterAll(() => platform.close());

it('a card charge voided at the processor is not posted to the account as money received', async () => {
  const result = await pay(platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': '198.51.100.77' }), {
    idempotencyKey: newKey('dash-void'),
    allocations: [{ accountNumber: '10-1002-00', amount: '50.00' }],
    token: await cardToken(platform),
    payerEmail: 'dashboard@example.com',
  });
  expect(result.payment?.status).toBe('CAPTURED');
  const payment = result.payment!;
  const before = (await accountById(staff, payment.allocations[0]!.serviceAccountId)).balance;

  // Same day, a clerk voids the charge in the processor's dashboard: the card is not charged after all.
  await voidAtProcessor(platform, payment.id);

  // Every job that talks to the processor runs, then the posting day comes.
  await platform.runJob('payments.reconcile');
  await platform.runJob('payments.settle-echecks');
  clock.set(new Date('2026-11-24T16:00:00Z'));
  await platform.runJob('payments.reconcile');
  await platform.runJob('payments.settle-echecks');
  await platform.runJob('payments.post');

  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const { payment: after } = await staff.data<{ payment: PaymentShape }>(STAFF_PAYMENT, { id: payment.id });
  const balance = (await accountById(staff, payment.allocations[0]!.serviceAccountId)).balance;
  // The account must still owe what it owed before the $50.00 that never arrived.
  expect({ status: after.status, posted: balance.posted.amount, pending: balance.pendingPayments.amount }).toEqual({
    status: 'VOIDED',
    posted: before.posted.amount,
    pending: '0.00',
  });
});

it('holds a captured card payment whose charge the processor refuses to look up, and says so in the log as an error', async () => {
  clock.set(new Date('2026-11-23T18:00:00Z'));
  const result = await pay(platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': '198.51.100.78' }), {
    idempotencyKey: newKey('unknown-charge'),
    allocations: [{ accountNumber: '10-1001-00', amount: '20.00' }],
    token: await cardToken(platform),
    payerEmail: 'unknown-charge@example.com',
  });
  expect(result.payment?.status).toBe('CAPTURED');
  // A charge id the processor has no record of (a purged test charge, a wrong account's key): it answers 404.
  await tenantRows(platform, 'norwalk', `UPDATE payments SET processor_charge_id = 'ch_nobody_knows' WHERE id = $1 RETURNING id`, [result.payment!.id]);
  clock.set(new Date('2026-11-24T16:00:00Z'));
  await platform.runJob('payments.post');
  const [row] = await tenantRows<{ status: string }>(platform, 'norwalk', 'SELECT status FROM payments WHERE id = $1', [result.payment!.id]);
  expect(row!.status).toBe('CAPTURED');
  const errors = platform
    .logLines()
    .map((line) => JSON.parse(line) as { level: number; msg: string; paymentId?: string })
    .filter((line) => line.level >= 50 && line.paymentId === result.payment!.id);
  expect(errors.map((line) => line.msg)).toEqual(['the processor refused to look up the card charge of a captured payment: not posted']);
});

it('a void asked of a card charge already voided at the processor records it VOIDED and answers with it, as a refund of it would', async () => {
  clock.set(new Date('2026-11-23T18:00:00Z'));
  const result = await pay(platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': '198.51.100.79' }), {
    idempotencyKey: newKey('dash-void-void'),
    allocations: [{ accountNumber: '10-1003-00', amount: '17.00' }],
    token: await cardToken(platform),
    payerEmail: 'dashboard-void@example.com',
  });
  expect(result.payment?.status).toBe('CAPTURED');
  const payment = result.payment!;
  const before = (await accountById(staff, payment.allocations[0]!.serviceAccountId)).balance;

  // A clerk voids the charge in the processor's dashboard; another, not knowing, voids the payment in the console.
  await voidAtProcessor(platform, payment.id);
  const { voidPayment } = await staff.data<{ voidPayment: { payment: PaymentShape | null; userErrors: unknown[] } }>(VOID, { input: { paymentId: payment.id, reason: 'Paid twice' } });
  expect(voidPayment.userErrors).toEqual([]);
  expect(voidPayment.payment?.status).toBe('VOIDED');

  // The processor's void, as the posting job would record it: no void of ours was sent, and the account owes what it did.
  const { payment: after } = await staff.data<{ payment: PaymentShape & { history: { toStatus: string; actor: string }[] } }>(STAFF_PAYMENT, { id: payment.id });
  expect(after.history.map((h) => [h.toStatus, h.actor])).toEqual([
    ['PENDING', 'guest'],
    ['CAPTURED', 'guest'],
    ['VOIDED', 'processor'],
  ]);
  expect(await tenantRows(platform, 'norwalk', 'SELECT kind FROM payment_operations WHERE payment_id = $1', [payment.id])).toEqual([]);
  const balance = (await accountById(staff, payment.allocations[0]!.serviceAccountId)).balance;
  expect({ posted: balance.posted.amount, pending: balance.pendingPayments.amount }).toEqual({ posted: before.posted.amount, pending: '0.00' });
});
