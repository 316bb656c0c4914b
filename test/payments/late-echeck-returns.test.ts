import { createLogger } from '@platform/gateway';
import { createHttpProcessor, type PaymentProcessor } from '@platform/processor';
import { FixedClock, TEST_PROCESSOR_SECRET_KEY, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { settleEchecks } from '../../services/payments/src/e-checks/echeck-settlement.job';
import { accountById, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { BANK, REFUND, STAFF_PAYMENT, amountDue, bankToken, newKey, pay, processorCharges, type PaymentShape } from './payments-api';

/*
 * An ACH debit its account holder calls unauthorized (R05, R07, R10, R29...)
 * may come back up to 60 days after it settled. The settlement job used to
 * stop asking once an e-check settled, so such a return left the account
 * paid, and service restored, on money the city's bank had given back. Now a
 * settled e-check is asked after once a day for 60 days (and once more when
 * they are over), and a late return is recorded as any return is. The
 * sandbox bank's accounts ending 0010 settle, then come back R10 twenty days
 * later (ten settlement delays).
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true, trustProxy: true });
  await changeCitySettings(platform, 'norwalk', { paymentRules: { returnedPaymentFee: '25.00' } });
});
afterAll(() => platform.close());

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Sets "now" (each test moves on from where the last left it: the clock never goes back). */
const setNow = (at: Date | string) => clock.set(new Date(at));
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);
const settlementRun = () => platform.runJob('payments.settle-echecks');

let nextAddress = 1;
const guest = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });
async function guestPays(accountNumber: string, amount: string, bankAccountNumber: string): Promise<PaymentShape> {
  const result = await pay(guest(), { idempotencyKey: newKey('late'), allocations: [{ accountNumber, amount }], token: await bankToken(platform, bankAccountNumber), payerEmail: 'payer@example.com' });
  expect([result.payment?.status, result.userErrors]).toEqual(['AUTHORIZED', []]);
  return result.payment!;
}

/** Two days on the bank has settled what it was sent: posted, then seen settled. */
async function postAndSettle(madeAt: Date): Promise<Date> {
  const settledAt = later(madeAt, 2 * DAY_MS + HOUR_MS);
  setNow(settledAt);
  await platform.runJob('payments.post');
  await settlementRun();
  return settledAt;
}

const paymentRow = async (id: string) =>
  (await tenantRows<{ status: string; settled: boolean }>(platform, 'norwalk', 'SELECT status, settled_at IS NOT NULL AS settled FROM payments WHERE id = $1', [id]))[0]!;
const staffView = async (id: string) =>
  (
    await (
      await signInStaff(platform, 'norwalk', 'SUPPORT')
    ).data<{ payment: PaymentShape & { history: { fromStatus: string; toStatus: string; actor: string; reason: string }[] } }>(STAFF_PAYMENT, { id })
  ).payment;
const ledger = async (serviceAccountId: string) =>
  (
    (await accountById(await signInStaff(platform, 'norwalk', 'SUPPORT'), serviceAccountId)).ledger as { edges: { node: { kind: string; amount: { amount: string }; memo: string | null } }[] }
  ).edges.map((e) => `${e.node.kind} ${e.node.amount.amount}${e.node.memo ? ` (${e.node.memo})` : ''}`);
const returnNotices = (payment: PaymentShape) =>
  tenantRows<{ recipient: string; data: Record<string, string> }>(
    platform,
    'norwalk',
    `SELECT recipient, data FROM notification_outbox WHERE template = 'PAYMENT_RETURNED' AND data->>'confirmationNumber' = $1`,
    [payment.confirmationNumber],
  );
const events = async (id: string) =>
  (await tenantRows<{ type: string; from: string | null }>(platform, 'norwalk', `SELECT type, payload->>'from' AS from FROM events WHERE subject_id = $1 ORDER BY cursor`, [id])).map(
    (e) => `${e.from} -> ${e.type}`,
  );
const accountStatus = async (accountNumber: string) =>
  (await tenantRows<{ status: string }>(platform, 'norwalk', 'SELECT status FROM service_accounts WHERE account_number = $1', [accountNumber]))[0]!.status;
/** How many times the processor was asked about each payment's charge (GET /v1/charges/:id), by payment id. */
async function lookups(...payments: PaymentShape[]): Promise<number[]> {
  const charges = await processorCharges(platform);
  return payments.map((payment) => charges.find((charge) => charge.idempotencyKey === `payment-${payment.id}`)!.lookups);
}
/** "12.34" as cents, exactly. */
const cents = (amount: string) => BigInt(amount.replace('.', ''));

describe('an e-check returned unauthorized (R10) three weeks after it settled', () => {
  it('is RETURNED: the account owes it again with the fee, the restoration it paid for is withdrawn, the payer is told', async () => {
    const madeAt = new Date('2026-11-23T18:00:00Z');
    setNow(madeAt);
    // Norwalk's disconnected account, paid in full from a bank account whose holder will dispute the debit.
    const before = await amountDue(guest(), { accountNumber: '10-1003-00' });
    const payment = await guestPays('10-1003-00', before.due, BANK.accounts.returnsUnauthorizedAfterSettling);
    expect(await accountStatus('10-1003-00')).toBe('RESTORATION_PENDING');

    const settledAt = await postAndSettle(madeAt);
    expect(await paymentRow(payment.id)).toEqual({ status: 'POSTED', settled: true });
    expect((await amountDue(guest(), { accountNumber: '10-1003-00' })).due).toBe('0.00');
    // A week on the bank has said nothing more: still paid.
    setNow(later(settledAt, 7 * DAY_MS));
    await settlementRun();
    expect(await paymentRow(payment.id)).toEqual({ status: 'POSTED', settled: true });

    // Twenty days after settling, the payer's bank sends it back; the next day's look finds it.
    setNow(later(settledAt, 21 * DAY_MS));
    await settlementRun();
    const returned = await staffView(payment.id);
    expect(returned).toMatchObject({ status: 'RETURNED', returnCode: 'R10' });
    expect(returned.history.at(-1)).toMatchObject({ fromStatus: 'POSTED', toStatus: 'RETURNED', actor: 'processor', reason: 'e-check returned R10' });
    expect((await events(payment.id)).at(-1)).toBe('POSTED -> payment.returned');
    // Owed again, and the city's fee on top.
    const after = await amountDue(guest(), { accountNumber: '10-1003-00' });
    expect([cents(after.due), after.pending]).toEqual([cents(before.due) + 2500n, '0.00']);
    const entries = await ledger(payment.allocations[0]!.serviceAccountId);
    expect(entries.filter((e) => e.startsWith('PAYMENT_REVERSED') || e.startsWith('FEE'))).toEqual(['FEE 25.00 (Returned payment fee (R10))', `PAYMENT_REVERSED ${before.due} (e-check returned R10)`]);
    // The restoration waiting on it is withdrawn, as for an early return.
    expect(await accountStatus('10-1003-00')).toBe('DISCONNECTED');
    expect(await returnNotices(payment)).toEqual([{ recipient: 'payer@example.com', data: expect.objectContaining({ returnCode: 'R10', owedAgain: `$${before.due}`, returnedPaymentFee: '$25.00' }) }]);
    // The bank account is blocked.
    const again = await pay(guest(), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }],
      token: await bankToken(platform, BANK.accounts.returnsUnauthorizedAfterSettling),
      payerEmail: 'payer@example.com',
    });
    expect(again.userErrors.map((e) => e.code)).toEqual(['BANK_ACCOUNT_BLOCKED']);
  });
});

describe('runs of the settlement job after a late return', () => {
  it('record nothing twice, two at once included', async () => {
    const madeAt = new Date('2026-12-21T18:00:00Z');
    setNow(madeAt);
    const payment = await guestPays('10-1002-00', '30.00', '000222220010');
    const settledAt = await postAndSettle(madeAt);

    setNow(later(settledAt, 21 * DAY_MS));
    const processor = createHttpProcessor({ baseUrl: platform.processorUrl, secretKey: TEST_PROCESSOR_SECRET_KEY });
    const run = settleEchecks(processor);
    await Promise.all([run(platform.db, clock, createLogger('silent')), run(platform.db, clock, createLogger('silent')), settlementRun()]);
    await settlementRun();
    setNow(later(settledAt, 23 * DAY_MS));
    await settlementRun();

    const returned = await staffView(payment.id);
    expect(returned.status).toBe('RETURNED');
    expect(returned.history.filter((h) => h.toStatus === 'RETURNED')).toHaveLength(1);
    expect((await events(payment.id)).filter((e) => e.endsWith('payment.returned'))).toEqual(['POSTED -> payment.returned']);
    const entries = await ledger(payment.allocations[0]!.serviceAccountId);
    expect(entries.filter((e) => e.startsWith('PAYMENT_REVERSED 30.00') || e.startsWith('FEE'))).toEqual(['FEE 25.00 (Returned payment fee (R10))', 'PAYMENT_REVERSED 30.00 (e-check returned R10)']);
    expect(await returnNotices(payment)).toHaveLength(1);
  });
});

describe('a settled e-check past the 60-day window', () => {
  it('gets one last look once the window has closed, then is never asked about again, whatever the processor would say', async () => {
    const madeAt = new Date('2027-01-18T18:00:00Z');
    setNow(madeAt);
    const payment = await guestPays('10-1004-00', '12.00', '000333336789');
    const settledAt = await postAndSettle(madeAt);
    const [atSettlement] = await lookups(payment);

    setNow(later(settledAt, 30 * DAY_MS));
    await settlementRun();
    expect(await lookups(payment)).toEqual([atSettlement! + 1]);
    // The last look, five days after the 60 (a return sent on their last day reaches the city's bank a banking day or
    // more later, and the processor tells of it after that).
    setNow(later(settledAt, 65 * DAY_MS + HOUR_MS));
    await settlementRun();
    expect(await lookups(payment)).toEqual([atSettlement! + 2]);

    setNow(later(settledAt, 66 * DAY_MS + 2 * HOUR_MS));
    await settlementRun();
    // A processor that now calls the charge returned is not even asked.
    const real = createHttpProcessor({ baseUrl: platform.processorUrl, secretKey: TEST_PROCESSOR_SECRET_KEY });
    const [charge] = (await processorCharges(platform)).filter((c) => c.idempotencyKey === `payment-${payment.id}`);
    const asked: string[] = [];
    const sayingReturned: PaymentProcessor = {
      ...real,
      getCharge: async (id) => {
        asked.push(id);
        const found = await real.getCharge(id);
        return id === charge!.id && found.outcome === 'OK' ? { outcome: 'OK', value: { ...found.value, status: 'RETURNED', returnCode: 'R10' } } : found;
      },
    };
    await settleEchecks(sayingReturned)(platform.db, clock, createLogger('silent'));
    setNow(later(settledAt, 75 * DAY_MS));
    await settlementRun();

    expect(asked).not.toContain(charge!.id);
    expect(await lookups(payment)).toEqual([atSettlement! + 2]);
    expect(await paymentRow(payment.id)).toEqual({ status: 'POSTED', settled: true });
  });
});

describe('the cost of following settled e-checks', () => {
  it('asks about each settled e-check once a day, not on every hourly run, while unsettled ones are asked every run', async () => {
    const madeAt = new Date('2027-04-12T18:00:00Z');
    setNow(madeAt);
    const settling = [await guestPays('10-1004-00', '5.00', '000444440789'), await guestPays('10-1004-00', '5.00', '000444441789'), await guestPays('10-1004-00', '5.00', '000444442789')];
    const settledAt = await postAndSettle(madeAt);
    expect((await Promise.all(settling.map((p) => paymentRow(p.id)))).every((row) => row.settled)).toBe(true);
    const pending = await guestPays('10-1004-00', '5.00', '000444443789');
    const [a, b, c, p] = await lookups(...settling, pending);

    // Six hourly runs: the new e-check is asked each time, the settled ones not at all.
    for (let hour = 1; hour <= 6; hour++) {
      setNow(later(settledAt, hour * HOUR_MS));
      await settlementRun();
    }
    expect(await lookups(...settling, pending)).toEqual([a, b, c, p! + 6]);

    // A day after settling, once each; the next runs leave them alone until the next day.
    const nextDay = later(settledAt, DAY_MS + 5 * 60 * 1000);
    for (const at of [nextDay, later(nextDay, HOUR_MS), later(nextDay, 2 * HOUR_MS)]) {
      setNow(at);
      await settlementRun();
    }
    expect((await lookups(...settling)).map((n, i) => n - [a!, b!, c!][i]!)).toEqual([1, 1, 1]);
    setNow(later(nextDay, DAY_MS));
    await settlementRun();
    await settlementRun();
    expect((await lookups(...settling)).map((n, i) => n - [a!, b!, c!][i]!)).toEqual([2, 2, 2]);
  });
});

describe('a refunded e-check that comes back late', () => {
  it('is RETURNED for staff to see, the money having gone back twice; only what the refund left is owed again, with fee and notice', async () => {
    const madeAt = new Date('2027-04-19T18:00:00Z');
    setNow(madeAt);
    const inFull = await guestPays('10-1004-00', '20.00', '000555550010');
    const inPart = await guestPays('10-1001-00', '20.00', '000666660010');
    const settledAt = await postAndSettle(madeAt);

    // Staff give back all of one and part of the other once settled.
    setNow(later(settledAt, 3 * DAY_MS));
    const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    const refund = async (paymentId: string, amount: string) =>
      (await staff.data<{ refundPayment: { payment: PaymentShape | null; userErrors: unknown[] } }>(REFUND, { input: { paymentId, amount, reason: 'Paid twice', idempotencyKey: newKey() } }))
        .refundPayment;
    expect((await refund(inFull.id, '20.00')).payment?.status).toBe('REFUNDED');
    expect((await refund(inPart.id, '5.00')).payment?.status).toBe('PARTIALLY_REFUNDED');

    setNow(later(settledAt, 21 * DAY_MS));
    await settlementRun();

    // Refunded in full: the bank account's holder has the $20 twice. Recorded and shown to staff; nothing more is owed
    // on the account (the refund left it owing already), no fee, and no "pay again" notice.
    const full = await staffView(inFull.id);
    expect(full).toMatchObject({ status: 'RETURNED', returnCode: 'R10', refunded: { amount: '20.00' } });
    expect(full.history.at(-1)).toMatchObject({ fromStatus: 'REFUNDED', toStatus: 'RETURNED', actor: 'processor', reason: 'e-check returned R10' });
    expect((await events(inFull.id)).at(-1)).toBe('REFUNDED -> payment.returned');
    expect((await ledger(inFull.allocations[0]!.serviceAccountId)).filter((e) => e.includes('R10'))).toEqual([]);
    expect(await returnNotices(inFull)).toEqual([]);

    // Refunded in part: the $15 the refund left is owed again, with the fee, and the payer is told so.
    const part = await staffView(inPart.id);
    expect(part).toMatchObject({ status: 'RETURNED', returnCode: 'R10', refunded: { amount: '5.00' } });
    expect((await events(inPart.id)).at(-1)).toBe('PARTIALLY_REFUNDED -> payment.returned');
    const partEntries = await ledger(inPart.allocations[0]!.serviceAccountId);
    expect(partEntries.filter((e) => e.includes('R10'))).toEqual(['FEE 25.00 (Returned payment fee (R10))', 'PAYMENT_REVERSED 15.00 (e-check returned R10)']);
    expect((await returnNotices(inPart)).map((n) => n.data)).toEqual([expect.objectContaining({ owedAgain: '$15.00', returnedPaymentFee: '$25.00', returnCode: 'R10' })]);
  });
});

describe('from review', () => {
  it('sees an R10 that reaches the processor the morning after the 60th day', async () => {
    const madeAt = clock.now();
    const payment = await guestPays('10-1004-00', '12.00', '000888886789');
    const settledAt = await postAndSettle(madeAt);
    // The processor has the bank's R10 from the morning after day 60 (14 hours after the job's settled_at + 60 days).
    const [charge] = (await processorCharges(platform)).filter((c) => c.idempotencyKey === `payment-${payment.id}`);
    const returnReachesProcessor = later(settledAt, 60 * DAY_MS + 14 * HOUR_MS);
    const real = createHttpProcessor({ baseUrl: platform.processorUrl, secretKey: TEST_PROCESSOR_SECRET_KEY });
    const bank: PaymentProcessor = {
      ...real,
      getCharge: async (id) => {
        const found = await real.getCharge(id);
        if (id !== charge!.id || found.outcome !== 'OK' || clock.now() < returnReachesProcessor) return found;
        return { outcome: 'OK', value: { ...found.value, status: 'RETURNED', returnCode: 'R10' } };
      },
    };
    const run = () => settleEchecks(bank)(platform.db, clock, createLogger('silent'));
    // The hourly job, at the same minute each hour: daily looks through day 59, then every hour until day 64.
    for (let day = 1; day <= 59; day++) {
      setNow(later(settledAt, day * DAY_MS));
      await run();
    }
    for (let hour = 59 * 24 + 1; hour <= 64 * 24; hour++) {
      setNow(later(settledAt, hour * HOUR_MS));
      await run();
    }
    expect(await paymentRow(payment.id)).toEqual({ status: 'RETURNED', settled: true });
  }, 120_000);

  it('charges the returned-payment fee to an account the late return reversed, not to one a refund had emptied', async () => {
    const madeAt = clock.now();
    const paid = await pay(guest(), {
      idempotencyKey: newKey('late'),
      allocations: [
        { accountNumber: '10-1001-00', amount: '10.00' },
        { accountNumber: '10-1002-00', amount: '10.00' },
      ],
      token: await bankToken(platform, '000999990010'),
      payerEmail: 'payer@example.com',
    });
    expect(paid.userErrors).toEqual([]);
    const payment = paid.payment!;
    const [a, b] = payment.allocations.map((x) => x.serviceAccountId);
    const settledAt = await postAndSettle(madeAt);
    // A refund of part comes off the first line's account first: A is given its whole $10 back.
    setNow(later(settledAt, 3 * DAY_MS));
    const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    const refunded = await staff.data<{ refundPayment: { payment: PaymentShape | null } }>(REFUND, {
      input: { paymentId: payment.id, amount: '10.00', reason: 'Paid A twice', idempotencyKey: newKey('refund') },
    });
    expect(refunded.refundPayment.payment?.status).toBe('PARTIALLY_REFUNDED');
    // Other tests of this file returned payments to these accounts too: only what this return adds counts.
    const before = { a: await ledger(a!), b: await ledger(b!) };
    const added = async (id: string, earlier: string[]) => {
      const left = [...earlier];
      return (await ledger(id)).filter((entry) => (left.includes(entry) ? (left.splice(left.indexOf(entry), 1), false) : true));
    };
    setNow(later(settledAt, 21 * DAY_MS));
    await settlementRun();
    // B's $10 came back: B owes it again, with the fee. A's was given back by the refund: the return leaves A alone.
    expect((await added(b!, before.b)).sort()).toEqual(['FEE 25.00 (Returned payment fee (R10))', 'PAYMENT_REVERSED 10.00 (e-check returned R10)']);
    expect(await added(a!, before.a)).toEqual([]);
  });
});
