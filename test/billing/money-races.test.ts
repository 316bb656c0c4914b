import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, signInStaff } from './billing-api';
import { bankToken, cardToken, newKey, pay } from '../payments/payments-api';

/*
 * Races on one payment and one account, run for real (no lock held by the
 * test: whichever side wins): refunds, voids, the posting run, e-check
 * settlement, adjustments and payments at once. After each, the ledger and
 * the payment must agree, and nothing is given back twice or counted twice.
 * (From the ledger's attacker, who found these sound.)
 */

const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
let platform: TestPlatform;
let admin: GraphQLTestClient;
let clerk: GraphQLTestClient;
let n = 0;

const UPDATE = `mutation U($slug: String!, $input: UpdateTenantInput!) { updateTenant(slug: $slug, input: $input) { userErrors { field code message } } }`;
const PAYMENT_FIELDS = `id status amount { cents } total { cents } refunded { cents } allocations { serviceAccountId amount { cents } refunded { cents } } history { toStatus }`;
const REFUND = `mutation Refund($input: RefundPaymentInput!) { refundPayment(input: $input) { payment { ${PAYMENT_FIELDS} } userErrors { field code message } } }`;
const VOID = `mutation Void($input: VoidPaymentInput!) { voidPayment(input: $input) { payment { ${PAYMENT_FIELDS} } userErrors { field code message } } }`;
const PAYMENT = `query P($id: UUID!) { payment(id: $id) { ${PAYMENT_FIELDS} } }`;
const ADJUST = `mutation Adjust($input: AccountAdjustmentInput!) { recordAccountAdjustment(input: $input) { entry { id } userErrors { field code message } } }`;
const COUNTER = `mutation C($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { ${PAYMENT_FIELDS} } userErrors { field code message } } }`;
const ACCOUNT = `query A($id: UUID!) { serviceAccount(id: $id) { balance { posted { cents } pendingPayments { cents } amountDueNow { cents } credit { cents } }
  ledger(first: 200) { edges { node { kind amount { cents } } } } } }`;

interface PaymentNode {
  id: string;
  status: string;
  amount: { cents: string };
  total: { cents: string };
  refunded: { cents: string };
  allocations: { serviceAccountId: string; amount: { cents: string }; refunded: { cents: string } }[];
  history: { toStatus: string }[];
}
type Errors = { code: string; message: string }[];

beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  await platform.operator.data(UPDATE, { slug: 'norwalk', input: { paymentRules: { counterPaymentsAccepted: true } } });
  admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  clerk = await signInStaff(platform, 'norwalk', 'SUPPORT');
}, 60_000);
afterAll(() => platform.close());

async function freshAccount(billCents = 10000n) {
  n++;
  const number = `94-${String(n).padStart(4, '0')}-00`;
  const account = await openAccount(admin, { accountNumber: number, addressLine1: `${700 + n} Pine St` });
  const r = await importCsv(admin, [BILL_HEADER, `RC-${n},${number},2026-11-20,2026-12-20,${Number(billCents) / 100},,`].join('\n'));
  expect(r.imported).toBe(1);
  return { id: account.id, number, billCents };
}
const guestPay = async (number: string, dollars: string, token?: string) => {
  const r = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: number, amount: dollars }],
    token: token ?? (await cardToken(platform)),
    payerEmail: 'race@example.com',
  });
  expect(r.userErrors).toEqual([]);
  return r.payment!;
};
const refund = async (paymentId: string, dollars: string) =>
  (await clerk.data<{ refundPayment: { payment: PaymentNode | null; userErrors: Errors } }>(REFUND, { input: { paymentId, amount: dollars, reason: 'race', idempotencyKey: newKey('rf') } }))
    .refundPayment;
const voidIt = async (paymentId: string, client = clerk) =>
  (await client.data<{ voidPayment: { payment: PaymentNode | null; userErrors: Errors } }>(VOID, { input: { paymentId, reason: 'race' } })).voidPayment;
const paymentOf = async (id: string) => (await admin.data<{ payment: PaymentNode }>(PAYMENT, { id })).payment;
const ledgerOf = async (id: string) => {
  const a = (await admin.data<{ serviceAccount: { balance: Record<string, { cents: string }>; ledger: { edges: { node: { kind: string; amount: { cents: string } } }[] } } }>(ACCOUNT, { id }))
    .serviceAccount;
  const by = (kind: string) => a.ledger.edges.filter((e) => e.node.kind === kind).reduce((s, e) => s + BigInt(e.node.amount.cents), 0n);
  const total = a.ledger.edges.reduce((s, e) => s + BigInt(e.node.amount.cents), 0n);
  return { posted: BigInt(a.balance.posted!.cents), pending: BigInt(a.balance.pendingPayments!.cents), total, by };
};

/** The ledger of an account paid only by `p` agrees with p's status and refunded amount. */
async function expectAgrees(account: { id: string; billCents: bigint }, p: PaymentNode) {
  const l = await ledgerOf(account.id);
  const amount = BigInt(p.amount.cents);
  const refunded = BigInt(p.refunded.cents);
  const posted = p.history.some((h) => h.toStatus === 'POSTED');
  expect(l.posted).toBe(l.total);
  expect(refunded <= BigInt(p.total.cents)).toBe(true);
  const expected = {
    bills: account.billCents,
    postedPayment: posted ? -amount : 0n,
    refunds: posted ? refunded : 0n,
    reversed: posted && ['VOIDED', 'RETURNED'].includes(p.status) ? amount - refunded : 0n,
    pending: ['CAPTURED', 'AUTHORIZED'].includes(p.status) ? amount : 0n,
  };
  expect({ bills: l.by('BILL_ISSUED'), postedPayment: l.by('PAYMENT_POSTED'), refunds: l.by('REFUND'), reversed: l.by('PAYMENT_REVERSED'), pending: l.pending, status: p.status }).toEqual({
    ...expected,
    status: p.status,
  });
}

it('refund, void and refund of one card payment sent at once: one wins, and the ledger says what the payment says', async () => {
  for (let round = 0; round < 4; round++) {
    const account = await freshAccount();
    const p = await guestPay(account.number, '60.00');
    const results = await Promise.all([refund(p.id, '10.00'), voidIt(p.id, admin), refund(p.id, '15.00')]);
    const after = await paymentOf(p.id);
    const refundedOk = [results[0], results[2]].filter((r) => r.userErrors.length === 0).length;
    const voidedOk = results[1].userErrors.length === 0;
    // Voided, and no refund too; or refunded, and no void.
    expect(voidedOk && refundedOk > 0).toBe(false);
    await expectAgrees(account, after);
  }
}, 120_000);

it('three refunds of one payment at once that together exceed it: no more is given back than was paid', async () => {
  const account = await freshAccount();
  const p = await guestPay(account.number, '30.00');
  const results = await Promise.all([refund(p.id, '20.00'), refund(p.id, '20.00'), refund(p.id, '20.00')]);
  expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(1);
  const after = await paymentOf(p.id);
  expect(after.refunded.cents).toBe('2000');
  await expectAgrees(account, after);
}, 60_000);

it('a refund racing the posting run posts the payment once and refunds it once', async () => {
  for (let round = 0; round < 3; round++) {
    const account = await freshAccount();
    const p = await guestPay(account.number, '40.00');
    clock.advance(2 * 86_400_000);
    admin = await signInStaff(platform, 'norwalk', 'ADMIN');
    clerk = await signInStaff(platform, 'norwalk', 'SUPPORT');
    const [refunded] = await Promise.all([refund(p.id, '12.34'), platform.runJob('payments.post')]);
    expect(refunded.userErrors).toEqual([]);
    const after = await paymentOf(p.id);
    expect([after.status, after.refunded.cents]).toEqual(['PARTIALLY_REFUNDED', '1234']);
    await expectAgrees(account, after);
  }
}, 120_000);

it('a void racing the posting run of a posted, unsettled e-check: reversed once, or not voided', async () => {
  for (let round = 0; round < 3; round++) {
    const account = await freshAccount();
    const p = await guestPay(account.number, '25.00', await bankToken(platform));
    clock.advance(86_400_000);
    admin = await signInStaff(platform, 'norwalk', 'ADMIN');
    clerk = await signInStaff(platform, 'norwalk', 'SUPPORT');
    await Promise.all([voidIt(p.id), platform.runJob('payments.post'), platform.runJob('payments.settle-echecks')]);
    await expectAgrees(account, await paymentOf(p.id));
  }
}, 120_000);

it('staff adjustments and payments to one account at once each count once', async () => {
  const account = await freshAccount(50000n);
  const adjustments = [-1500n, 2500n, -700n, 1200n, -300n];
  const jobs: Promise<unknown>[] = [];
  adjustments.forEach((c, i) =>
    jobs.push(admin.data(ADJUST, { input: { serviceAccountId: account.id, kind: 'ADJUSTMENT', amount: (Number(c) / 100).toFixed(2), memo: `race ${i}`, idempotencyKey: newKey('adj') } })),
  );
  const payments = ['11.00', '12.00', '13.00'].map((d) => guestPay(account.number, d));
  const counters = ['5.00', '6.00'].map(
    async (d) =>
      (
        await clerk.data<{ recordCounterPayment: { payment: PaymentNode | null; userErrors: Errors } }>(COUNTER, {
          input: { idempotencyKey: newKey('cash'), allocations: [{ serviceAccountId: account.id, amount: d }], method: 'CASH', cashReceived: d, receivedBy: 'Pat' },
        })
      ).recordCounterPayment,
  );
  await Promise.all([...jobs, ...payments, ...counters]);
  const c = await Promise.all(counters);
  expect(c.map((r) => r.userErrors)).toEqual([[], []]);
  const l = await ledgerOf(account.id);
  expect({ adj: l.by('ADJUSTMENT'), posted: l.by('PAYMENT_POSTED'), pending: l.pending, sum: l.posted }).toEqual({
    adj: 1200n,
    posted: -1100n,
    pending: 3600n,
    sum: 50000n + 1200n - 1100n,
  });
}, 60_000);
