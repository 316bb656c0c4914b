import { createHttpProcessor } from '@platform/processor';
import { closeSandboxDispute, openSandboxDispute } from '@platform/processor-sandbox';
import { FixedClock, startTestPlatform, TEST_PROCESSOR_SECRET_KEY, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { BILL_HEADER, accountById, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { lastFinalCursor, tenantRows } from '../customers/customer-api';
import { deliverThroughCatcher } from '../notifications/notification-api';
import { startSmtpCatcher } from '../notifications/smtp-catcher';
import { REFUND, accountPaidByCard, cardToken, newKey, pay, refundAtProcessor, type PaymentShape } from './payments-api';

/*
 * A resident disputes a card payment with their bank (a chargeback): the processor takes the money back from the city
 * and tells of it on its event feed. Before, nothing here heard of it: the payment stayed POSTED, the account paid,
 * and staff learned of it from the bank statement weeks later. Now the feed's dispute takes the disputed amount back
 * off the account (owed again), the payment is DISPUTED with its dispute beside it, staff see it live, the payer is
 * emailed, a refund of it is refused (the money already went back), and a dispute won gives the payment back its
 * credit. Each recorded once however often the feed is read.
 */

// Monday 2026-11-23, 10:00 in Norwalk.
const NOW = new Date('2026-11-23T18:00:00Z');
const clock = new FixedClock(NOW);
let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
});
afterAll(() => platform.close());

const PAYER = 'disputed-card@example.com';

const DETAIL = `query P($id: UUID!) { payment(id: $id) {
  status statusLabel refundable refunded { amount }
  dispute { id amount { amount } fee { amount } reason reasonLabel status openedAt respondBy closedAt }
  history { fromStatus toStatus actor reasonLabel }
} }`;
interface Detail {
  status: string;
  statusLabel: string;
  refundable: boolean;
  refunded: { amount: string };
  dispute: {
    id: string;
    amount: { amount: string };
    fee: { amount: string };
    reason: string;
    reasonLabel: string;
    status: string;
    openedAt: string;
    respondBy: string;
    closedAt: string | null;
  } | null;
  history: { fromStatus: string | null; toStatus: string; actor: string; reasonLabel: string }[];
}
const detail = async (id: string, client = staff) => (await client.data<{ payment: Detail | null }>(DETAIL, { id })).payment;
const owed = async (accountId: string) => (await accountById(staff, accountId)).balance.amountDueNow.amount;

let bills = 0;
/** A new Norwalk account owing one bill of $50.00, paid in full by card today: CAPTURED. */
const cardPayment = () => accountPaidByCard(platform, staff, `B-DISPUTE-${++bills}`, PAYER);

/** cardPayment, posted on its day (Tuesday), back on Monday. */
async function postedCardPayment() {
  const paid = await cardPayment();
  await postingDay();
  expect((await detail(paid.payment.id))?.status).toBe('POSTED');
  return paid;
}

async function postingDay() {
  clock.set(new Date('2026-11-24T18:00:00Z'));
  try {
    await platform.runJob('payments.post');
  } finally {
    clock.set(NOW);
    staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  }
}

async function chargeOf(paymentId: string): Promise<string> {
  const processor = createHttpProcessor({ baseUrl: platform.processorUrl, secretKey: TEST_PROCESSOR_SECRET_KEY, timeoutMs: 1000 });
  const found = await processor.findChargeByIdempotencyKey(`payment-${paymentId}`);
  if (found.outcome !== 'OK' || !found.value) throw new Error(`no charge for payment ${paymentId}`);
  return found.value.id;
}

/** The card holder disputes the payment's charge at their bank. */
const disputeAtBank = async (paymentId: string, dispute: { amount?: string; reason?: string } = {}) =>
  openSandboxDispute(platform.processorUrl, TEST_PROCESSOR_SECRET_KEY, await chargeOf(paymentId), dispute);

/** The reconciliation job, twice: what the feed says is recorded once, however often it is read. */
async function readFeed() {
  await platform.runJob('payments.reconcile');
  await platform.runJob('payments.reconcile');
}

const ledgerOfPayment = (paymentId: string) =>
  tenantRows<{ kind: string; amount: string; memo: string | null }>(platform, 'norwalk', `SELECT kind, amount_cents::text AS amount, memo FROM ledger_entries WHERE payment_id = $1 ORDER BY seq`, [
    paymentId,
  ]);

it('takes a disputed card payment back off the account, once, shows it DISPUTED with its dispute, live to staff, and emails the payer', async () => {
  const { account, payment } = await postedCardPayment();
  expect(await owed(account.id)).toBe('0.00');

  const latest = await lastFinalCursor(platform, 'norwalk');
  const socket = staff.openSocket();
  try {
    const feed = socket.subscribe<{ paymentFeed: { paymentId: string; status: string } }>('subscription Feed($after: String) { paymentFeed(after: $after) { paymentId status } }', { after: latest });
    const opened = await disputeAtBank(payment.id, { reason: 'fraudulent' });
    await readFeed();
    expect((await feed.take(1)).map((event) => event.paymentFeed)).toEqual([{ paymentId: payment.id, status: 'DISPUTED' }]);

    const after = (await detail(payment.id))!;
    expect(after).toMatchObject({
      status: 'DISPUTED',
      statusLabel: 'Disputed',
      refundable: false,
      dispute: {
        id: opened.id,
        amount: { amount: '50.00' },
        fee: { amount: '15.00' },
        reason: 'FRAUDULENT',
        reasonLabel: 'the card holder says they did not make it',
        status: 'OPEN',
        openedAt: NOW.toISOString(),
        respondBy: '2026-11-30T18:00:00.000Z',
        closedAt: null,
      },
    });
    expect(after.history.slice(-1)).toEqual([
      { fromStatus: 'POSTED', toStatus: 'DISPUTED', actor: 'processor', reasonLabel: "Disputed with the card's bank (the card holder says they did not make it): $50.00 taken back" },
    ]);
  } finally {
    await socket.close();
  }

  // Owed again, once: the dispute fee is the city's cost, not on the account.
  expect(await owed(account.id)).toBe('50.00');
  expect(await ledgerOfPayment(payment.id)).toEqual([
    { kind: 'PAYMENT_POSTED', amount: '-5000', memo: null },
    { kind: 'PAYMENT_REVERSED', amount: '5000', memo: 'card payment disputed by its holder: FRAUDULENT' },
  ]);
  await readFeed();
  expect(await ledgerOfPayment(payment.id)).toHaveLength(2);
  expect((await detail(payment.id))!.history.filter((h) => h.toStatus === 'DISPUTED')).toHaveLength(1);

  const smtp = await startSmtpCatcher();
  try {
    const told = (await deliverThroughCatcher(platform, smtp)).filter(
      (m) => m.envelopeTo.includes(PAYER) && m.parsed.subject === `Your payment ${payment.confirmationNumber} was disputed with your card's bank - City of Norwalk`,
    );
    expect(told).toHaveLength(1);
    expect(told[0]!.parsed.text).toContain(`Your card's bank took back $50.00 of your payment ${payment.confirmationNumber} after it was disputed with them`);
    expect(told[0]!.parsed.text).toContain('$50.00');
  } finally {
    await smtp.close();
  }
});

it('lets the bill a disputed payment paid be paid again by its own number', async () => {
  // Found by review: the bill's own amount owed counted the disputed payment as still paying it, so a payment naming the
  // bill was refused ("at most $0.00 left") while the account owed it again, past due, toward disconnection.
  const account = await openAccount(staff);
  expect((await importCsv(staff, `${BILL_HEADER}\nB-DISPUTE-BYNUMBER,${account.accountNumber},2026-11-01,2026-12-10,50.00,0,0\n`)).imported).toBe(1);
  const [bill] = await tenantRows<{ id: string }>(platform, 'norwalk', "SELECT id FROM payables WHERE reference_number = 'B-DISPUTE-BYNUMBER'");
  const payBill = async () =>
    pay(platform.client.asTenant('norwalk'), { idempotencyKey: newKey(), allocations: [{ payableId: bill!.id, amount: '50.00' }], token: await cardToken(platform), payerEmail: PAYER });
  const { payment } = await payBill();
  expect(payment?.status).toBe('CAPTURED');
  await postingDay();
  await disputeAtBank(payment!.id);
  await readFeed();
  expect(await owed(account.id)).toBe('50.00');

  const again = await payBill();
  expect(again.userErrors).toEqual([]);
  expect(again.payment?.status).toBe('CAPTURED');
  expect(await owed(account.id)).toBe('0.00');
});

it('refuses to refund a disputed payment (the money already went back), and a dispute won gives the payment back its credit', async () => {
  const { account, payment } = await postedCardPayment();
  const opened = await disputeAtBank(payment.id, { reason: 'duplicate' });
  await readFeed();
  expect(await owed(account.id)).toBe('50.00');

  const { refundPayment } = await staff.data<{ refundPayment: { payment: PaymentShape | null; userErrors: { field: string[]; code: string; message: string }[] } }>(REFUND, {
    input: { paymentId: payment.id, amount: '50.00', reason: 'Resident asked', idempotencyKey: newKey('rf') },
  });
  expect(refundPayment.userErrors).toEqual([
    { field: ['input', 'paymentId'], code: 'NOT_REFUNDABLE', message: "This payment is disputed: the card holder's bank has already taken its money back, so it cannot be refunded." },
  ]);
  expect(await owed(account.id)).toBe('50.00');

  await closeSandboxDispute(platform.processorUrl, TEST_PROCESSOR_SECRET_KEY, opened.id, 'won');
  await readFeed();
  const after = (await detail(payment.id))!;
  expect(after).toMatchObject({ status: 'POSTED', dispute: { status: 'WON', closedAt: NOW.toISOString() } });
  expect(after.history.slice(-2).map((h) => [h.toStatus, h.reasonLabel])).toEqual([
    ['DISPUTED', "Disputed with the card's bank (charged twice): $50.00 taken back"],
    ['POSTED', 'Dispute decided for the city: $50.00 restored'],
  ]);
  expect(await owed(account.id)).toBe('0.00');
  expect((await ledgerOfPayment(payment.id)).map((e) => [e.kind, e.amount])).toEqual([
    ['PAYMENT_POSTED', '-5000'],
    ['PAYMENT_REVERSED', '5000'],
    ['PAYMENT_POSTED', '-5000'],
  ]);
});

it('takes back only what the processor says of a payment refunded in part, and a dispute lost leaves it taken back', async () => {
  const { account, payment } = await postedCardPayment();
  await refundAtProcessor(platform, payment.id, 2000n);
  await readFeed();
  expect(await owed(account.id)).toBe('20.00');

  const opened = await disputeAtBank(payment.id);
  expect(opened.amount).toBe('3000');
  await readFeed();
  expect((await detail(payment.id))!).toMatchObject({ status: 'DISPUTED', refunded: { amount: '20.00' }, dispute: { amount: { amount: '30.00' }, status: 'OPEN' } });
  expect(await owed(account.id)).toBe('50.00');

  await closeSandboxDispute(platform.processorUrl, TEST_PROCESSOR_SECRET_KEY, opened.id, 'lost');
  await readFeed();
  const after = (await detail(payment.id))!;
  expect(after).toMatchObject({ status: 'DISPUTED', refundable: false, dispute: { status: 'LOST' } });
  expect(after.history.slice(-1).map((h) => [h.fromStatus, h.toStatus, h.reasonLabel])).toEqual([['DISPUTED', 'DISPUTED', 'Dispute decided for the card holder: $30.00 stays taken back']]);
  expect(await owed(account.id)).toBe('50.00');
});

it("keeps a city's disputes its own: another city's staff see neither the payment nor its dispute", async () => {
  const { payment } = await postedCardPayment();
  await disputeAtBank(payment.id);
  await readFeed();
  const norman = await signInStaff(platform, 'norman', 'ADMIN');
  expect(await detail(payment.id, norman)).toBeNull();
  expect(await tenantRows(platform, 'norman', 'SELECT id FROM payment_disputes WHERE payment_id = $1', [payment.id])).toEqual([]);
  expect(await tenantRows(platform, 'norwalk', 'SELECT id FROM payment_disputes WHERE payment_id = $1', [payment.id])).toHaveLength(1);
});

const TOTALS = `query T($from: LocalDate!, $to: LocalDate!) { paymentTotals(from: $from, to: $to) {
  days { date methods { methodKind disputed { count amount { amount } } disputesWon { count amount { amount } } net { amount } } }
} }`;
interface DayTotals {
  date: string;
  methods: { methodKind: string; disputed: { count: number; amount: { amount: string } }; disputesWon: { count: number; amount: { amount: string } }; net: { amount: string } }[];
}
const cardDay = async (date: string) => {
  const { paymentTotals } = await staff.data<{ paymentTotals: { days: DayTotals[] } }>(TOTALS, { from: date, to: date });
  return paymentTotals.days[0]?.methods.find((m) => m.methodKind === 'CARD');
};

it('counts disputes in Daily totals where returns are counted: taken back on the day each opened, won back on the day it was decided', async () => {
  const before = await cardDay('2026-11-23');
  const { payment } = await postedCardPayment();
  const opened = await disputeAtBank(payment.id, { amount: '1234' });
  await readFeed();
  const monday = (await cardDay('2026-11-23'))!;
  expect(monday.disputed.count - (before?.disputed.count ?? 0)).toBe(1);
  const cents = (amount: string) => BigInt(amount.replace('.', ''));
  expect(cents(monday.disputed.amount.amount) - cents(before?.disputed.amount.amount ?? '0.00')).toBe(1234n);

  clock.set(new Date('2026-11-25T18:00:00Z'));
  try {
    staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    await closeSandboxDispute(platform.processorUrl, TEST_PROCESSOR_SECRET_KEY, opened.id, 'won');
    await readFeed();
    expect(await cardDay('2026-11-25')).toEqual({
      methodKind: 'CARD',
      disputed: { count: 0, amount: { amount: '0.00' } },
      disputesWon: { count: 1, amount: { amount: '12.34' } },
      net: { amount: '12.34' },
    });
  } finally {
    clock.set(NOW);
    staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  }
});

it('sets a dispute of a card payment not yet posted aside, reads on, and records it once the payment posts', async () => {
  const { account, payment } = await cardPayment();
  await disputeAtBank(payment.id);
  await readFeed();
  expect(await tenantRows(platform, 'norwalk', 'SELECT type FROM processor_held_events WHERE payment_id = $1', [payment.id])).toEqual([{ type: 'charge.dispute.opened' }]);
  expect((await detail(payment.id))!).toMatchObject({ status: 'CAPTURED', dispute: null });

  await postingDay();
  await readFeed();
  expect(await tenantRows(platform, 'norwalk', 'SELECT type FROM processor_held_events WHERE payment_id = $1', [payment.id])).toEqual([]);
  expect((await detail(payment.id))!).toMatchObject({ status: 'DISPUTED', dispute: { status: 'OPEN', amount: { amount: '50.00' } } });
  expect(await owed(account.id)).toBe('50.00');
  expect((await ledgerOfPayment(payment.id)).map((e) => e.kind)).toEqual(['PAYMENT_POSTED', 'PAYMENT_REVERSED']);
});
