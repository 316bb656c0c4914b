import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { BILL_HEADER, accountById, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { BANK, REFUND, bankToken, cardToken, newKey, pay, refundAtProcessor } from './payments-api';
import { tenantRows } from '../customers/customer-api';
import { holdRows, untilWaitingOnLocks } from '../db/lock-waits';
import { operationsByWhom, paymentOperations, refundNotices } from './refunds-recorded';

/*
 * Found by the processor-events attacker: a card refunded in the processor's own dashboard after its posting day was
 * found only when staff next refunded or voided it, since the processor told of no refund it made unasked. Until then,
 * for days or for ever, the payment showed nothing given back, the account owed nothing again, the payer was not told
 * and Daily totals missed the money that went out. Now the minute reconciliation job reads the processor's event feed
 * from where it last stopped and records such a refund as the posting job records one: within one pass, once.
 */

// Monday 2026-11-23, 10:00 in Norwalk.
const MONDAY = new Date('2026-11-23T18:00:00Z');
const TUESDAY = new Date('2026-11-24T18:00:00Z');
// Thursday 2026-11-26, 09:00 in Norwalk: the dashboard refund; Friday: the platform's next pass.
const THURSDAY = new Date('2026-11-26T17:00:00Z');
const FRIDAY = new Date('2026-11-27T18:00:00Z');
const clock = new FixedClock(MONDAY);
let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
}, 120_000);
afterAll(() => platform.close());

const detail = (id: string) => paymentOperations(staff, id);
const owed = async (accountId: string) => (await accountById(staff, accountId)).balance.amountDueNow.amount;

const TOTALS = `query Totals($from: LocalDate!, $to: LocalDate!) {
  paymentTotals(from: $from, to: $to) { days { date methods { methodKind refunded { count amount { amount } } } } }
}`;
const refundedOn = async (day: string) => {
  const { paymentTotals } = await staff.data<{ paymentTotals: { days: { date: string; methods: { refunded: { amount: { amount: string } } }[] }[] } }>(TOTALS, { from: day, to: day });
  return paymentTotals.days.flatMap((d) => d.methods.map((m) => m.refunded.amount.amount));
};

let bills = 0;
/** A new Norwalk account owing $50.00, paid in full by card (or `token`) on Monday and posted on Tuesday. */
async function postedPayment(token?: string) {
  clock.set(MONDAY);
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const account = await openAccount(staff);
  bills++;
  expect((await importCsv(staff, `${BILL_HEADER}\nB-FEED-${bills},${account.accountNumber},2026-11-01,2026-12-10,50.00,0,0\n`)).imported).toBe(1);
  const { payment } = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: account.accountNumber, amount: '50.00' }],
    token: token ?? (await cardToken(platform)),
    payerEmail: 'event-feed@example.com',
  });
  expect(payment?.status).toBe(token ? 'AUTHORIZED' : 'CAPTURED');
  clock.set(TUESDAY);
  await platform.runJob('payments.post');
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  expect((await detail(payment!.id)).status).toBe('POSTED');
  return { account, payment: payment! };
}

it("records a card refunded in the processor's dashboard days after it posted within one reconciliation pass, once, on the day it was refunded", async () => {
  const { account, payment } = await postedPayment();
  clock.set(THURSDAY);
  await refundAtProcessor(platform, payment.id, 2000n);

  clock.set(FRIDAY);
  await platform.runJob('payments.reconcile');
  await platform.runJob('payments.reconcile');

  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const after = await detail(payment.id);
  expect({ status: after.status, refunded: after.refunded.amount }).toEqual({ status: 'PARTIALLY_REFUNDED', refunded: '20.00' });
  expect(after.operations.map((o) => [o.kind, o.status, o.amount.amount, o.actor])).toEqual([['REFUND', 'SUCCEEDED', '20.00', 'processor']]);
  expect(await owed(account.id)).toBe('20.00');
  expect(await refundNotices(platform, payment)).toEqual(['$20.00']);
  // Daily totals have it on Thursday, when the money went back, not on Friday, when the platform heard of it.
  expect(await refundedOn('2026-11-26')).toEqual(['20.00']);
  expect(await refundedOn('2026-11-27')).toEqual([]);
});

it('records nothing twice when the feed tells of refunds staff made through the platform, beside one made in the dashboard', async () => {
  const { account, payment } = await postedPayment();
  clock.set(THURSDAY);
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const { refundPayment } = await staff.data<{ refundPayment: { userErrors: unknown[] } }>(REFUND, {
    input: { paymentId: payment.id, amount: '10.00', reason: 'Billed twice', idempotencyKey: newKey('rf') },
  });
  expect(refundPayment.userErrors).toEqual([]);
  await refundAtProcessor(platform, payment.id, 500n);

  clock.set(FRIDAY);
  await platform.runJob('payments.reconcile');
  await platform.runJob('payments.reconcile');

  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const after = await detail(payment.id);
  expect({ status: after.status, refunded: after.refunded.amount }).toEqual({ status: 'PARTIALLY_REFUNDED', refunded: '15.00' });
  expect(operationsByWhom(after).sort()).toEqual([
    ['processor', '5.00'],
    ['staff', '10.00'],
  ]);
  expect(await owed(account.id)).toBe('15.00');
  expect((await refundNotices(platform, payment)).sort()).toEqual(['$10.00', '$5.00']);
});

it('reads the feed again from its start when the processor forgets where it was left, records what is new and nothing twice', async () => {
  const { account, payment } = await postedPayment();
  clock.set(THURSDAY);
  await refundAtProcessor(platform, payment.id, 1000n);
  await platform.runJob('payments.reconcile');
  // The processor lost our place (a sandbox restarted, an account reset), and a second dashboard refund came since.
  await platform.db.query(`UPDATE processor_event_cursors SET last_event_id = 'evt_forgotten'`);
  expect(await platform.db.query(`SELECT last_event_id AS "lastEventId" FROM processor_event_cursors`)).toEqual([{ lastEventId: 'evt_forgotten' }]);
  await refundAtProcessor(platform, payment.id, 700n);

  clock.set(FRIDAY);
  await platform.runJob('payments.reconcile');

  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const after = await detail(payment.id);
  expect(after.refunded.amount).toBe('17.00');
  expect(after.operations.map((o) => [o.actor, o.amount.amount])).toEqual([
    ['processor', '10.00'],
    ['processor', '7.00'],
  ]);
  expect(await owed(account.id)).toBe('17.00');
  expect((await refundNotices(platform, payment)).sort()).toEqual(['$10.00', '$7.00']);
});

// Found by the feedgaps attacker: one refund of ours awaiting the processor's answer (or one event that failed to record)
// stopped the whole feed at its payment's event, so every city's dashboard refunds behind it went unrecorded until then.
it("sets a payment's events aside while a refund of ours on it awaits the processor's answer, reads on past them, and records them once it is known", async () => {
  const stuck = await postedPayment();
  const other = await postedPayment();
  clock.set(THURSDAY);
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const { refundPayment } = await staff.data<{ refundPayment: { userErrors: unknown[] } }>(REFUND, {
    input: { paymentId: stuck.payment.id, amount: '10.00', reason: 'Billed twice', idempotencyKey: newKey('rf') },
  });
  expect(refundPayment.userErrors).toEqual([]);
  // Its answer still awaited (asked just now, so reconciliation does not ask after it yet): an operation stuck open.
  const [asked] = await tenantRows<{ createdAt: Date }>(platform, 'norwalk', `SELECT created_at AS "createdAt" FROM payment_operations WHERE payment_id = $1`, [stuck.payment.id]);
  await tenantRows(platform, 'norwalk', `UPDATE payment_operations SET status = 'PENDING', created_at = $2 WHERE payment_id = $1`, [stuck.payment.id, FRIDAY]);
  await refundAtProcessor(platform, stuck.payment.id, 500n);
  await refundAtProcessor(platform, other.payment.id, 300n);

  clock.set(FRIDAY);
  await platform.runJob('payments.reconcile');

  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  expect((await detail(other.payment.id)).refunded.amount).toBe('3.00');
  expect(await owed(other.account.id)).toBe('3.00');
  expect((await detail(stuck.payment.id)).operations.map((o) => o.actor)).not.toContain('processor');

  // The answer comes: the refund went through.
  await tenantRows(platform, 'norwalk', `UPDATE payment_operations SET status = 'SUCCEEDED', created_at = $2 WHERE payment_id = $1`, [stuck.payment.id, asked!.createdAt]);
  await platform.runJob('payments.reconcile');
  await platform.runJob('payments.reconcile');

  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const after = await detail(stuck.payment.id);
  expect(after.refunded.amount).toBe('15.00');
  expect(after.operations.filter((o) => o.actor === 'processor').map((o) => o.amount.amount)).toEqual(['5.00']);
  expect(await owed(stuck.account.id)).toBe('15.00');
  expect((await refundNotices(platform, stuck.payment)).sort()).toEqual(['$10.00', '$5.00']);
  expect((await detail(other.payment.id)).refunded.amount).toBe('3.00');
  expect(await tenantRows(platform, 'norwalk', 'SELECT event_id FROM processor_held_events')).toEqual([]);
});

// Found by the feedgaps attacker: an e-check's return, told by the feed within the minute, was left to the settlement
// job's next look (up to an hour, a day once settled): the account showed it paid and the payer was not told meanwhile.
it("records an e-check's return told by the feed within one pass, and the settlement job after it adds no second fee or notice", async () => {
  expect(await platform.operator.data('mutation { updateTenant(slug: "norwalk", input: { paymentRules: { returnedPaymentFee: "25.00" } }) { userErrors { code } } }')).toEqual({
    updateTenant: { userErrors: [] },
  });
  const { account, payment } = await postedPayment(await bankToken(platform, BANK.accounts.returnsInsufficientFunds));
  // The bank sends it back two days after it was made: the sandbox tells of it as it next answers.
  clock.set(THURSDAY);
  await platform.runJob('payments.reconcile');

  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  expect((await detail(payment.id)).status).toBe('RETURNED');
  expect(await owed(account.id)).toBe('75.00');
  await platform.runJob('payments.settle-echecks');
  await platform.runJob('payments.reconcile');

  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  expect(await owed(account.id)).toBe('75.00');
  const notices = await tenantRows(platform, 'norwalk', `SELECT 1 FROM notification_outbox WHERE template = 'PAYMENT_RETURNED' AND data->>'confirmationNumber' = $1`, [payment.confirmationNumber]);
  expect(notices).toHaveLength(1);
});

// Two runs at once (a run outlasting its minute, or a second worker) read the same events: the payment's lock puts one
// after the other, and the second, finding the cursor moved, leaves the event to the first without calling it a failure.
it('records a dashboard refund once when two reconciliation runs read the feed at once, and neither logs a failure', async () => {
  const { account, payment } = await postedPayment();
  clock.set(THURSDAY);
  await refundAtProcessor(platform, payment.id, 2000n);
  clock.set(FRIDAY);
  const logged = platform.logLines().length;

  const letGo = await holdRows(platform.db, 'norwalk', 'SELECT 1 FROM payments WHERE id = $1 FOR UPDATE', [payment.id]);
  // Settled, not raced: either run's answer waits here while the row is held, however slow the machine.
  const reconcile = () => platform.runJob('payments.reconcile', undefined, { timeoutMs: 60_000 });
  const runs = Promise.allSettled([reconcile(), reconcile()]);
  // Any statement: the payment's lock query names its table past the 1 KB of it pg_stat_activity keeps.
  await untilWaitingOnLocks(platform.db, '%', { n: 2 });
  await letGo();
  expect((await runs).map((run) => run.status)).toEqual(['fulfilled', 'fulfilled']);

  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  expect(operationsByWhom(await detail(payment.id))).toEqual([['processor', '20.00']]);
  expect(await owed(account.id)).toBe('20.00');
  expect(await refundNotices(platform, payment)).toEqual(['$20.00']);
  expect(await tenantRows(platform, 'norwalk', 'SELECT event_id FROM processor_held_events')).toEqual([]);
  const lines = platform.logLines().slice(logged);
  expect(lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50)).toEqual([]);
  expect(lines.filter((line) => line.includes('another run is reading the processor event feed'))).toHaveLength(1);
}, 90_000);
