import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { bearer, registerCustomer } from '../customers/customer-api';
import { BANK, REFUND, VOID, bankToken, cardToken, newKey, pay } from './payments-api';

/*
 * Staff's daily totals: what came in and went out, each move on the day (Norman's calendar, America/Chicago) it
 * happened, by method, from the real payments, refunds, voids, counter payments and e-check returns of the API.
 */

// Monday 23:55 in Norman (05:55 UTC Tuesday); sessions last 15 minutes of this clock.
const MONDAY_LATE = new Date('2026-11-24T05:55:00Z');
const clock = new FixedClock(MONDAY_LATE);
let platform: TestPlatform;
let staff: GraphQLTestClient;
let payer: GraphQLTestClient;
let accountId: string;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  staff = await signInStaff(platform, 'norman', 'SUPPORT');
  await platform.operator.data('mutation { updateTenant(slug: "norman", input: { paymentRules: { convenienceFee: { kind: FLAT, amount: "1.95" } } }) { userErrors { code } } }');
  const { session } = await registerCustomer(platform.client.asTenant('norman'), { email: 'totals-payer@example.com', username: 'totals_payer', name: 'Tot Payer', phone: '405-555-0199' });
  payer = bearer(platform.client.asTenant('norman'), session);
  const { linkServiceAccount } = await payer.data<{ linkServiceAccount: { serviceAccount: { id: string } } }>(
    'mutation { linkServiceAccount(input: { accountNumber: "2004-2650", lastPaymentAmount: "120.00" }) { serviceAccount { id } } }',
  );
  accountId = linkServiceAccount.serviceAccount.id;
});
afterAll(() => platform.close());

const TOTALS = `query Totals($from: LocalDate!, $to: LocalDate!) {
  paymentTotals(from: $from, to: $to) {
    from to net { amount }
    days { date net { amount } methods { ...method } }
    methods { ...method }
  }
}
fragment method on PaymentMethodTotals {
  methodKind received { count amount { amount } } fees { amount } refunded { count amount { amount } }
  voided { count amount { amount } } returned { count amount { amount } } net { amount }
}`;

interface MoveTotal {
  count: number;
  amount: { amount: string };
}
interface MethodTotals {
  methodKind: string;
  received: MoveTotal;
  fees: { amount: string };
  refunded: MoveTotal;
  voided: MoveTotal;
  returned: MoveTotal;
  net: { amount: string };
}
interface Totals {
  from: string;
  to: string;
  net: { amount: string };
  days: { date: string; net: { amount: string }; methods: MethodTotals[] }[];
  methods: MethodTotals[];
}

const totals = async (from: string, to: string, client = staff) => (await client.data<{ paymentTotals: Totals }>(TOTALS, { from, to })).paymentTotals;

/** A method's line as a person reads it: received (count) fees, refunded (count), voided (count), returned (count), net. */
const line = (m: MethodTotals) =>
  `${m.methodKind} in ${m.received.count}×${m.received.amount.amount} fees ${m.fees.amount} refunded ${m.refunded.count}×${m.refunded.amount.amount} ` +
  `voided ${m.voided.count}×${m.voided.amount.amount} returned ${m.returned.count}×${m.returned.amount.amount} net ${m.net.amount}`;

async function at<T>(iso: string, fn: () => Promise<T>): Promise<T> {
  clock.set(new Date(iso));
  try {
    return await fn();
  } finally {
    clock.set(MONDAY_LATE);
  }
}

const payAccount = async (amount: string, token: string) => {
  const result = await pay(payer, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: accountId, amount }], token });
  expect(result.userErrors).toEqual([]);
  return result.payment!;
};

it("counts each move on the day it happened in the city's calendar, by method, and a past day's figures stay as they were", async () => {
  // Monday 23:55: a card and an e-check, each with the 1.95 fee.
  const card = await payAccount('50.00', await cardToken(platform));
  const echeck = await payAccount('15.00', await bankToken(platform, BANK.accounts.returnsInsufficientFunds));
  const monday = [`CARD in 1×51.95 fees 1.95 refunded 0×0.00 voided 0×0.00 returned 0×0.00 net 51.95`, `BANK_ACCOUNT in 1×16.95 fees 1.95 refunded 0×0.00 voided 0×0.00 returned 0×0.00 net 16.95`];
  expect((await totals('2026-11-23', '2026-11-23')).days.map((day) => [day.date, day.methods.map(line), day.net.amount])).toEqual([['2026-11-23', monday, '68.90']]);

  // Tuesday 00:05: another card payment, voided; 10.00 of Monday's card refunded; cash at the counter.
  await at('2026-11-24T06:05:00Z', async () => {
    const second = await payAccount('30.00', await cardToken(platform));
    const voided = await staff.data<{ voidPayment: { userErrors: unknown[] } }>(VOID, { input: { paymentId: second.id, reason: 'Paid twice' } });
    expect(voided.voidPayment.userErrors).toEqual([]);
    await platform.runJob('payments.post');
    const refunded = await staff.data<{ refundPayment: { userErrors: unknown[] } }>(REFUND, {
      input: { paymentId: card.id, amount: '10.00', reason: 'Billing error', idempotencyKey: newKey('refund') },
    });
    expect(refunded.refundPayment.userErrors).toEqual([]);
    const counter = await staff.data<{ recordCounterPayment: { userErrors: unknown[] } }>(
      'mutation C($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { userErrors { code } } }',
      { input: { idempotencyKey: newKey('counter'), allocations: [{ serviceAccountId: accountId, amount: '20.00' }], method: 'CASH', cashReceived: '20.00', receivedBy: 'Pat Clerk' } },
    );
    expect(counter.recordCounterPayment.userErrors).toEqual([]);
  });
  // Thursday: the e-check comes back from the payer's bank.
  await at('2026-11-26T18:00:00Z', () => platform.runJob('payments.settle-echecks'));
  expect((await staff.data<{ payment: { status: string } }>('query P($id: UUID!) { payment(id: $id) { status } }', { id: echeck.id })).payment.status).toBe('RETURNED');

  const week = await totals('2026-11-23', '2026-11-29');
  expect(week.days.map((day) => [day.date, day.methods.map(line), day.net.amount])).toEqual([
    ['2026-11-23', monday, '68.90'],
    [
      '2026-11-24',
      [`CARD in 1×31.95 fees 1.95 refunded 1×10.00 voided 1×31.95 returned 0×0.00 net -10.00`, `CASH in 1×20.00 fees 0.00 refunded 0×0.00 voided 0×0.00 returned 0×0.00 net 20.00`],
      '10.00',
    ],
    ['2026-11-26', [`BANK_ACCOUNT in 0×0.00 fees 0.00 refunded 0×0.00 voided 0×0.00 returned 1×16.95 net -16.95`], '-16.95'],
  ]);
  expect({ from: week.from, to: week.to, methods: week.methods.map(line), net: week.net.amount }).toEqual({
    from: '2026-11-23',
    to: '2026-11-29',
    methods: [
      `CARD in 2×83.90 fees 3.90 refunded 1×10.00 voided 1×31.95 returned 0×0.00 net 41.95`,
      `BANK_ACCOUNT in 1×16.95 fees 1.95 refunded 0×0.00 voided 0×0.00 returned 1×16.95 net 0.00`,
      `CASH in 1×20.00 fees 0.00 refunded 0×0.00 voided 0×0.00 returned 0×0.00 net 20.00`,
    ],
    net: '61.95',
  });
  // Monday as it was, though its card was refunded in part and its e-check returned since.
  expect((await totals('2026-11-23', '2026-11-23')).days.map((day) => day.methods.map(line))).toEqual([monday]);
  // Another city's staff see none of it.
  const norwalk = await signInStaff(platform, 'norwalk', 'SUPPORT');
  expect(await totals('2026-11-23', '2026-11-29', norwalk)).toMatchObject({ days: [], methods: [], net: { amount: '0.00' } });
}, 60_000);

it('refuses a period backwards or longer than 92 days, and anyone but staff', async () => {
  const backwards = await staff.request(TOTALS, { from: '2026-11-24', to: '2026-11-23' });
  expect(backwards.errors?.map((e) => [e.extensions?.code, (e.extensions as { reason?: string }).reason])).toEqual([['BAD_USER_INPUT', 'INVALID_PERIOD']]);
  const tooLong = await staff.request(TOTALS, { from: '2026-01-01', to: '2026-04-03' });
  expect(tooLong.errors?.map((e) => [e.extensions?.code, (e.extensions as { reason?: string }).reason, e.message])).toEqual([
    ['BAD_USER_INPUT', 'PERIOD_TOO_LONG', 'Ask for at most 92 days of totals at a time.'],
  ]);
  expect((await staff.request(TOTALS, { from: '2026-01-01', to: '2026-04-02' })).errors).toBeUndefined();
  expect((await staff.request(TOTALS, { from: '2026-02-30', to: '2026-03-01' })).errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  expect((await payer.request(TOTALS, { from: '2026-11-23', to: '2026-11-23' })).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  expect((await platform.client.asTenant('norman').request(TOTALS, { from: '2026-11-23', to: '2026-11-23' })).errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
});
