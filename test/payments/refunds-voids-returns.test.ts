import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@platform/gateway';
import { createHttpProcessor } from '@platform/processor';
import { FixedClock, TEST_PROCESSOR_SECRET_KEY, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { withTenant } from '@platform/db';
import { findTenantBySlug, toTenantRef } from '@platform/tenants';
import { settleEchecks } from '../../services/payments/src/e-checks/echeck-settlement.job';
import { PaymentEntity } from '../../services/payments/src/payment/payment.entity';
import { PaymentOperationEntity } from '../../services/payments/src/refunds-and-voids/payment-operation.entity';
import { applyOperationOutcome, sendOperation } from '../../services/payments/src/refunds-and-voids/payment-operation.service';
import { APPROVE_RESTORATION, accountById, signInStaff } from '../billing/billing-api';
import { registerCustomer, bearer, tenantRows } from '../customers/customer-api';
import { BANK, CARDS, REFUND, STAFF_PAYMENT, VOID, amountDue, bankToken, cardToken, newKey, pay, processorCharges, type PaymentShape } from './payments-api';

// Norman: noon on Monday 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let staff: GraphQLTestClient;
let accountId: string;
let payer: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  staff = await signInStaff(platform, 'norman', 'SUPPORT');
  // Norman charges a returned-payment fee in this test.
  await platform.operator.data('mutation { updateTenant(slug: "norman", input: { paymentRules: { returnedPaymentFee: "25.00" } }) { userErrors { code } } }');
  // A registered payer with the account linked: Norman's proof (the last payment) changes as these tests post payments.
  const { session } = await registerCustomer(platform.client.asTenant('norman'), { email: 'norman-payer@example.com', username: 'norman_payer', name: 'Nora Payer', phone: '405-555-0123' });
  payer = bearer(platform.client.asTenant('norman'), session);
  const { linkServiceAccount } = await payer.data<{ linkServiceAccount: { serviceAccount: { id: string } } }>(
    'mutation { linkServiceAccount(input: { accountNumber: "2004-2650", lastPaymentAmount: "120.00" }) { serviceAccount { id } } }',
  );
  accountId = linkServiceAccount.serviceAccount.id;
});
afterAll(() => platform.close());

const attempt = (amount: string, token: string) => pay(payer, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: accountId, amount }], token });
const payNorman = async (amount: string, token: string) => (await attempt(amount, token)).payment!;
const balance = async () => {
  const b = (await accountById(staff, accountId)).balance;
  return { due: b.amountDueNow.amount, pending: b.pendingPayments.amount };
};
const NOW = new Date('2026-11-23T18:00:00Z');
/** Runs jobs at another moment, then comes back to NOW. */
async function at(iso: string, fn: () => Promise<unknown>): Promise<void> {
  clock.set(new Date(iso));
  try {
    await fn();
  } finally {
    clock.set(NOW);
  }
}
type Payload = { payment: PaymentShape | null; userErrors: { field: string[]; code: string; message: string }[] };
const refund = async (input: Record<string, unknown>, client = staff) => (await client.data<{ refundPayment: Payload }>(REFUND, { input })).refundPayment;
const ledger = async () =>
  ((await accountById(staff, accountId)).ledger as { edges: { node: { kind: string; amount: { amount: string } } }[] }).edges.map((e) => `${e.node.kind} ${e.node.amount.amount}`);
const posted = async () => (await accountById(staff, accountId)).balance.posted.amount;
/** What the console may offer for a payment now. */
const actions = async (id: string, client = staff) =>
  (await client.data<{ payment: { refundable: boolean; voidable: boolean } }>('query A($id: UUID!) { payment(id: $id) { refundable voidable } }', { id })).payment;

describe('staff refunds', () => {
  it('refunds part, then the rest, each reversing on the ledger; never more than was paid, never twice per key', async () => {
    const payment = await payNorman('50.00', await cardToken(platform));
    const before = await posted();
    const key = newKey('refund');
    const partial = await refund({ paymentId: payment.id, amount: '20.00', reason: 'Billing error', idempotencyKey: key });
    expect(partial.userErrors).toEqual([]);
    expect(partial.payment).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: { amount: '20.00' } });
    // The same key again: the same refund, not a second one.
    expect((await refund({ paymentId: payment.id, amount: '20.00', reason: 'Billing error', idempotencyKey: key })).payment?.refunded.amount).toBe('20.00');
    expect((await refund({ paymentId: payment.id, amount: '30.01', reason: 'Too much', idempotencyKey: newKey() })).userErrors[0]?.code).toBe('REFUND_TOO_LARGE');
    expect((await refund({ paymentId: payment.id, amount: '5.00', reason: ' ', idempotencyKey: newKey() })).userErrors[0]?.code).toBe('REQUIRED');

    const rest = await refund({ paymentId: payment.id, amount: '30.00', reason: 'Customer request', idempotencyKey: newKey() });
    expect(rest.payment).toMatchObject({ status: 'REFUNDED', refunded: { amount: '50.00' } });
    // A second clerk whose page still offers the refund is told why in words, not with the status code.
    const again = await refund({ paymentId: payment.id, amount: '1.00', reason: 'Customer request', idempotencyKey: newKey() });
    expect(again.userErrors.map((e) => [e.code, e.message])).toEqual([['NOT_REFUNDABLE', 'A payment whose status is "Refunded" cannot be refunded.']]);
    // Posted early so the ledger shows the money in and both parts going back: net zero.
    expect((await ledger()).slice(0, 3)).toEqual(['REFUND 30.00', 'REFUND 20.00', 'PAYMENT_POSTED -50.00']);
    expect(await posted()).toBe(before);

    const { payment: detail } = await staff.data<{ payment: PaymentShape & { history: { toStatus: string; actor: string; reason: string }[] } }>(STAFF_PAYMENT, { id: payment.id });
    expect(detail.history.map((h) => h.toStatus)).toEqual(['PENDING', 'CAPTURED', 'POSTED', 'PARTIALLY_REFUNDED', 'REFUNDED']);
    expect(detail.history.at(-1)).toMatchObject({ reason: 'Customer request', actor: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('answers a double-submitted refund (same key, at once) with one refund', async () => {
    const payment = await payNorman('30.00', await cardToken(platform));
    const input = { paymentId: payment.id, amount: '10.00', reason: 'Double click', idempotencyKey: newKey('double') };
    const results = await Promise.all([refund(input), refund(input)]);
    expect(results.map((r) => r.userErrors)).toEqual([[], []]);
    expect(results.map((r) => r.payment?.refunded.amount)).toEqual(['10.00', '10.00']);
  });

  it('answers one key sent at once for refunds of two payments with one refund and IDEMPOTENCY_KEY_REUSED, not a server error', async () => {
    const first = await payNorman('30.00', await cardToken(platform));
    const second = await payNorman('30.00', await cardToken(platform));
    const idempotencyKey = newKey('shared');
    const results = await Promise.all([first, second].map((payment) => refund({ paymentId: payment.id, amount: '10.00', reason: 'Same key twice', idempotencyKey })));
    expect(results.map((r) => r.userErrors.map((e) => e.code)).sort()).toEqual([[], ['IDEMPOTENCY_KEY_REUSED']]);
    expect(results.map((r) => r.payment?.refunded.amount ?? null).sort()).toEqual(['10.00', null]);
  });

  it('keeps a refund’s reason short, and to staff: the resident sees the refund on the ledger, not what staff wrote', async () => {
    const payment = await payNorman('12.00', await cardToken(platform));
    const tooLong = await refund({ paymentId: payment.id, amount: '2.00', reason: 'x'.repeat(501), idempotencyKey: newKey() });
    expect(tooLong.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'reason'], 'TOO_LONG']]);
    const reason = 'Caller was abusive; waived to end the call';
    expect((await refund({ paymentId: payment.id, amount: '2.00', reason, idempotencyKey: newKey() })).userErrors).toEqual([]);

    type Memos = { kind: string; memo: string | null; recordedBy: string }[];
    type Ledger = { id: string; ledger: { edges: { node: Memos[number] }[] } };
    const FIELDS = 'id ledger(first: 5) { edges { node { kind memo recordedBy } } }';
    const asStaff = (await staff.data<{ serviceAccount: Ledger }>(`query L($id: UUID!) { serviceAccount(id: $id) { ${FIELDS} } }`, { id: accountId })).serviceAccount;
    const asResident = (await payer.data<{ viewer: { serviceAccounts: Ledger[] } }>(`{ viewer { serviceAccounts { ${FIELDS} } } }`)).viewer.serviceAccounts.find((a) => a.id === accountId)!;
    const seen = (account: Ledger) => account.ledger.edges.map((e) => e.node);
    expect(seen(asStaff).find((entry) => entry.kind === 'REFUND')).toEqual({ kind: 'REFUND', memo: reason, recordedBy: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(seen(asResident).find((entry) => entry.kind === 'REFUND')).toEqual({ kind: 'REFUND', memo: null, recordedBy: 'staff' });

    // Nor what the platform operator wrote voiding cash, as the second pair of eyes (found by review: shown, the operator
    // being no user's id).
    const { recordCounterPayment } = await staff.data<{ recordCounterPayment: { payment: { id: string } } }>(
      'mutation C($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id } } }',
      { input: { idempotencyKey: newKey('cash'), allocations: [{ serviceAccountId: accountId, amount: '3.00' }], method: 'CASH', cashReceived: '3.00', receivedBy: 'Pat Clerk' } },
    );
    const operatorReason = 'Resident under investigation for meter tampering';
    const voided = await platform.operator.asTenant('norman').data<{ voidPayment: { userErrors: unknown[] } }>(VOID, { input: { paymentId: recordCounterPayment.payment.id, reason: operatorReason } });
    expect(voided.voidPayment.userErrors).toEqual([]);
    const residentNow = (await payer.data<{ viewer: { serviceAccounts: Ledger[] } }>(`{ viewer { serviceAccounts { ${FIELDS} } } }`)).viewer.serviceAccounts.find((a) => a.id === accountId)!;
    expect(seen(residentNow).filter((entry) => entry.recordedBy === 'platform-operator')).toEqual([{ kind: 'PAYMENT_REVERSED', memo: null, recordedBy: 'platform-operator' }]);
  });

  it('takes a refund of part of a payment to two accounts off its first line first, whichever account id sorts first', async () => {
    const ids = await tenantRows<{ id: string; account_number: string }>(
      platform,
      'norwalk',
      "SELECT id, account_number FROM service_accounts WHERE account_number IN ('10-1001-00', '10-1002-00') ORDER BY id DESC",
    );
    // The line with the higher account id first: the order the payer gave, which sorting by id would reverse.
    const paid = await pay(platform.client.asTenant('norwalk'), {
      idempotencyKey: newKey(),
      allocations: ids.map((row, n) => ({ accountNumber: row.account_number, amount: n === 0 ? '50.00' : '30.00' })),
      token: await cardToken(platform),
      payerEmail: 'two.accounts@example.com',
    });
    const norwalkStaff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    const refunded = await refund({ paymentId: paid.payment!.id, amount: '10.00', reason: 'Overcharged on the first account', idempotencyKey: newKey() }, norwalkStaff);
    expect(refunded.userErrors).toEqual([]);
    const entries = await tenantRows<{ service_account_id: string; cents: string }>(
      platform,
      'norwalk',
      `SELECT service_account_id, amount_cents::text AS cents FROM ledger_entries WHERE payment_id = $1 AND kind = 'REFUND'`,
      [paid.payment!.id],
    );
    expect(entries).toEqual([{ service_account_id: ids[0]!.id, cents: '1000' }]);
  });

  it('is for staff only', async () => {
    const payment = await payNorman('5.00', await cardToken(platform));
    const { session } = await registerCustomer(platform.client.asTenant('norman'), { email: 'wants-money@example.com', username: 'wants_money', name: 'Wanda Money', phone: '405-555-0199' });
    const customer = bearer(platform.client.asTenant('norman'), session);
    const refused = await customer.request(REFUND, { input: { paymentId: payment.id, amount: '5.00', reason: 'please', idempotencyKey: newKey() } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('voids', () => {
  it('cancels a card payment before it posts: nothing pending, nothing posted', async () => {
    const before = await balance();
    const payment = await payNorman('12.00', await cardToken(platform));
    expect(await actions(payment.id)).toEqual({ refundable: true, voidable: true });
    const { voidPayment } = await staff.data<{ voidPayment: Payload }>(VOID, { input: { paymentId: payment.id, reason: 'Paid twice by mistake' } });
    expect(voidPayment.payment?.status).toBe('VOIDED');
    expect(await actions(payment.id)).toEqual({ refundable: false, voidable: false });
    expect(await balance()).toEqual(before);
    const again = await staff.data<{ voidPayment: Payload }>(VOID, { input: { paymentId: payment.id, reason: 'again' } });
    expect(again.voidPayment.payment?.status).toBe('VOIDED');
    const charge = (await processorCharges(platform)).find((c) => c.idempotencyKey === `payment-${payment.id}`);
    expect(charge?.status).toBe('VOIDED');

    // The payer hears it was cancelled, once; the receipt still waiting to go out is not sent.
    const notices = await tenantRows<{ template: string; recipient: string; status: string; failure_reason: string | null }>(
      platform,
      'norman',
      `SELECT n.template, n.recipient, n.status, n.failure_reason FROM notification_outbox n JOIN payments p ON p.confirmation_number = n.data->>'confirmationNumber'
        WHERE p.id = $1 ORDER BY n.created_at, n.template`,
      [payment.id],
    );
    expect(notices).toEqual([
      { template: 'PAYMENT_RECEIPT', recipient: 'norman-payer@example.com', status: 'SUPPRESSED', failure_reason: 'WITHDRAWN' },
      { template: 'PAYMENT_VOIDED', recipient: 'norman-payer@example.com', status: 'PENDING', failure_reason: null },
    ]);
  });

  it("offers a refund instead once the processor's day is over (midnight UTC: 6 PM in Norman), and refuses the void without asking the processor", async () => {
    const before = await balance();
    const payment = await payNorman('13.00', await cardToken(platform));
    expect(await actions(payment.id)).toEqual({ refundable: true, voidable: true });
    // 7 PM the same day in Norman: the payment posts tomorrow, but the processor has closed the day's batch.
    await at('2026-11-24T01:00:00Z', async () => {
      const staffThen = await signInStaff(platform, 'norman', 'SUPPORT');
      expect(await actions(payment.id, staffThen)).toEqual({ refundable: true, voidable: false });
      const { voidPayment } = await staffThen.data<{ voidPayment: Payload }>(VOID, { input: { paymentId: payment.id, reason: 'Paid twice by mistake' } });
      expect(voidPayment.userErrors.map((e) => [e.code, e.message])).toEqual([['NOT_VOIDABLE', 'This payment can no longer be voided; refund it instead.']]);
      const refunded = await refund({ paymentId: payment.id, amount: '13.00', reason: 'Paid twice by mistake', idempotencyKey: newKey() }, staffThen);
      expect([refunded.userErrors, refunded.payment?.status]).toEqual([[], 'REFUNDED']);
    });
    const operations = await tenantRows<{ kind: string; status: string }>(platform, 'norman', 'SELECT kind, status FROM payment_operations WHERE payment_id = $1', [payment.id]);
    expect(operations).toEqual([{ kind: 'REFUND', status: 'SUCCEEDED' }]);
    const charge = (await processorCharges(platform)).find((c) => c.idempotencyKey === `payment-${payment.id}`);
    expect([charge?.status, charge?.refunded]).toEqual(['CAPTURED', '1300']);
    expect(await balance()).toEqual(before);
  });

  it('tells staff why a payment refunded in full, or declined, can be neither voided nor refunded, instead of sending them to refund it', async () => {
    const refunded = await payNorman('14.00', await cardToken(platform));
    expect((await refund({ paymentId: refunded.id, amount: '14.00', reason: 'Paid twice by mistake', idempotencyKey: newKey() })).payment?.status).toBe('REFUNDED');
    const declined = (await attempt('9.00', await cardToken(platform, CARDS.genericDecline))).payment!;
    expect(declined.status).toBe('DECLINED');
    const refusals = async (paymentId: string) =>
      (await staff.data<{ voidPayment: Payload }>(VOID, { input: { paymentId, reason: 'Customer asked' } })).voidPayment.userErrors.map((e) => [e.code, e.message]);

    expect(await refusals(refunded.id)).toEqual([['NOT_VOIDABLE', 'A payment whose status is "Refunded" cannot be voided or refunded.']]);
    expect(await refusals(declined.id)).toEqual([['NOT_VOIDABLE', 'A payment whose status is "Declined" cannot be voided or refunded.']]);
  });
});

describe('voiding an e-check before it settles', () => {
  it('takes back its pending amount, and neither posting nor settlement brings it back', async () => {
    const before = await balance();
    const payment = await payNorman('11.00', await bankToken(platform));
    expect(payment.status).toBe('AUTHORIZED');
    expect(await actions(payment.id)).toEqual({ refundable: false, voidable: true });
    const { voidPayment } = await staff.data<{ voidPayment: Payload }>(VOID, { input: { paymentId: payment.id, reason: 'Customer asked' } });
    expect(voidPayment.payment?.status).toBe('VOIDED');
    expect(await balance()).toEqual(before);
    await at('2026-11-26T18:00:00Z', async () => {
      await platform.runJob('payments.post');
      await platform.runJob('payments.settle-echecks');
    });
    const { payment: after } = await staff.data<{ payment: PaymentShape }>(STAFF_PAYMENT, { id: payment.id });
    expect(after.status).toBe('VOIDED');
    expect(await ledger()).not.toContain('PAYMENT_POSTED -11.00');
  });
});

describe('an e-check posted on its posting day, before its bank settles it', () => {
  it('is voided, not refunded: the void reverses the posting', async () => {
    const payment = await payNorman('12.00', await bankToken(platform));
    await at('2026-11-26T18:00:00Z', () => platform.runJob('payments.post'));
    const { payment: postedPayment } = await staff.data<{ payment: PaymentShape }>(STAFF_PAYMENT, { id: payment.id });
    expect(postedPayment.status).toBe('POSTED');
    const reversals = async () => (await ledger()).filter((entry) => entry === 'PAYMENT_REVERSED 12.00').length;
    const before = await reversals();

    const refused = await refund({ paymentId: payment.id, amount: '12.00', reason: 'Customer asked', idempotencyKey: newKey() });
    expect(refused.userErrors.map((e) => [e.code, e.message])).toEqual([['NOT_REFUNDABLE', 'This electronic check has not settled yet: void it instead of refunding.']]);
    const { voidPayment } = await staff.data<{ voidPayment: Payload }>(VOID, { input: { paymentId: payment.id, reason: 'Customer asked' } });
    expect(voidPayment.userErrors).toEqual([]);
    expect(voidPayment.payment?.status).toBe('VOIDED');
    expect(await reversals()).toBe(before + 1);
  });
});

describe('a refund refused, then carried out by a copy of its request', () => {
  it('is recorded when the processor answers it done: the money went back, so the books show it', async () => {
    const payment = await payNorman('16.00', await bankToken(platform, BANK.accounts.settles));
    await at('2026-11-26T18:00:00Z', () => platform.runJob('payments.post'));
    // Refused: the bank has not settled it yet (the processor's clock is back at NOW).
    const key = newKey();
    const refused = await refund({ paymentId: payment.id, amount: '16.00', reason: 'Customer asked', idempotencyKey: key });
    expect(refused.userErrors.map((e) => e.code)).toEqual(['NOT_REFUNDABLE']);
    const [operation] = await tenantRows<{ id: string; status: string }>(platform, 'norman', `SELECT id, status FROM payment_operations WHERE payment_id = $1`, [payment.id]);
    expect(operation!.status).toBe('FAILED');

    // Once settled, a copy of the request sent before the refusal was recorded (a second reconciliation pass, a staff
    // retry) reaches the processor, which carries it out under the same key.
    const processor = createHttpProcessor({ baseUrl: platform.processorUrl, secretKey: TEST_PROCESSOR_SECRET_KEY });
    const scope = { db: platform.db, tenant: toTenantRef((await findTenantBySlug(platform.db, 'norman'))!), clock };
    await at('2026-11-26T18:00:00Z', async () => {
      const entity = await withTenant(scope, (manager) => manager.getRepository(PaymentEntity).findOneByOrFail({ id: payment.id }));
      const op = await withTenant(scope, (manager) => manager.getRepository(PaymentOperationEntity).findOneByOrFail({ id: operation!.id }));
      const outcome = await sendOperation(processor, entity, op);
      expect(outcome.status).toBe('SUCCEEDED');
      await applyOperationOutcome(scope, op.id, outcome, 'reconciliation');
    });

    const { payment: after } = await staff.data<{ payment: PaymentShape }>(STAFF_PAYMENT, { id: payment.id });
    expect(after.status).toBe('REFUNDED');
    const [done] = await tenantRows<{ status: string }>(platform, 'norman', 'SELECT status FROM payment_operations WHERE id = $1', [operation!.id]);
    expect(done!.status).toBe('SUCCEEDED');
    expect((await ledger()).filter((entry) => entry === 'REFUND 16.00')).toHaveLength(1);
  });
});

describe('a refund refused, then carried out by a copy after another refund took what it would give back', () => {
  it('is recorded as done, for staff to settle by hand, and the books give back nothing twice', async () => {
    const refunds = async () => {
      const entries = await ledger();
      return { ten: entries.filter((entry) => entry === 'REFUND 10.00').length, eighteen: entries.filter((entry) => entry === 'REFUND 18.00').length };
    };
    const before = await refunds();
    const payment = await payNorman('18.00', await bankToken(platform, BANK.accounts.settles));
    await at('2026-11-26T18:00:00Z', () => platform.runJob('payments.post'));
    const refused = await refund({ paymentId: payment.id, amount: '18.00', reason: 'Customer asked', idempotencyKey: newKey() });
    expect(refused.userErrors.map((e) => e.code)).toEqual(['NOT_REFUNDABLE']);
    const [operation] = await tenantRows<{ id: string }>(platform, 'norman', `SELECT id FROM payment_operations WHERE payment_id = $1`, [payment.id]);

    const scope = { db: platform.db, tenant: toTenantRef((await findTenantBySlug(platform.db, 'norman'))!), clock };
    await at('2026-11-26T18:00:00Z', async () => {
      // Settled now: staff give back $10 under a new key.
      const staffThen = await signInStaff(platform, 'norman', 'SUPPORT');
      const partly = await refund({ paymentId: payment.id, amount: '10.00', reason: 'Customer asked', idempotencyKey: newKey() }, staffThen);
      expect(partly.payment?.status).toBe('PARTIALLY_REFUNDED');
      // Then the processor says the refused request went through after all (a copy of it, as in the case above): $18 of
      // a payment with $8 left to give back. Its word, as reconciliation would pass it on.
      await applyOperationOutcome(scope, operation!.id, { status: 'SUCCEEDED', processorRef: 'rf_copy_after_all', reason: { kind: 'DONE', done: 'refunded' } }, 'reconciliation');
    });

    const [done] = await tenantRows<{ status: string; processor_ref: string }>(platform, 'norman', 'SELECT status, processor_ref FROM payment_operations WHERE id = $1', [operation!.id]);
    expect(done).toEqual({ status: 'SUCCEEDED', processor_ref: 'rf_copy_after_all' });
    const [latest] = await tenantRows<{ reason: string }>(platform, 'norman', 'SELECT reason FROM payment_operation_transitions WHERE operation_id = $1 ORDER BY seq DESC LIMIT 1', [operation!.id]);
    expect(latest!.reason).toBe('refunded after all, but the payment (PARTIALLY_REFUNDED, 1000 of 1800 cents refunded) no longer takes it: settle it by hand');
    const { payment: after } = await staff.data<{ payment: PaymentShape }>(STAFF_PAYMENT, { id: payment.id });
    expect(after.status).toBe('PARTIALLY_REFUNDED');
    expect(await refunds()).toEqual({ ten: before.ten + 1, eighteen: before.eighteen });
  });
});

describe('an e-check its bank settled before its posting day', () => {
  it('is refunded, not voided: posted early, then given back, and no void is opened', async () => {
    const payment = await payNorman('15.00', await bankToken(platform, BANK.accounts.settles));
    // Two days on the bank has settled it; Norman posts on the third.
    await at('2026-11-25T19:00:00Z', async () => {
      await platform.runJob('payments.settle-echecks');
      const staffThen = await signInStaff(platform, 'norman', 'SUPPORT');
      const [settled] = await tenantRows<{ status: string; settled: boolean }>(platform, 'norman', 'SELECT status, settled_at IS NOT NULL AS settled FROM payments WHERE id = $1', [payment.id]);
      expect(settled).toEqual({ status: 'AUTHORIZED', settled: true });
      expect(await actions(payment.id, staffThen)).toEqual({ refundable: true, voidable: false });

      const { voidPayment } = await staffThen.data<{ voidPayment: Payload }>(VOID, { input: { paymentId: payment.id, reason: 'Customer asked' } });
      expect(voidPayment.userErrors.map((e) => [e.code, e.message])).toEqual([['NOT_VOIDABLE', 'This payment can no longer be voided; refund it instead.']]);
      const refunded = await refund({ paymentId: payment.id, amount: '15.00', reason: 'Customer asked', idempotencyKey: newKey() }, staffThen);
      expect(refunded.userErrors).toEqual([]);
      expect(refunded.payment?.status).toBe('REFUNDED');
    });
    const operations = await tenantRows<{ kind: string; status: string }>(platform, 'norman', 'SELECT kind, status FROM payment_operations WHERE payment_id = $1', [payment.id]);
    expect(operations).toEqual([{ kind: 'REFUND', status: 'SUCCEEDED' }]);
    expect(await actions(payment.id)).toEqual({ refundable: false, voidable: false });
    const entries = await ledger();
    expect(entries).toContain('PAYMENT_POSTED -15.00');
    expect(entries).toContain('REFUND 15.00');
  });
});

describe('an e-check refunded once settled', () => {
  it('still gets its settlement date', async () => {
    const payment = await payNorman('14.00', await bankToken(platform, BANK.accounts.settles));
    await at('2026-11-26T18:00:00Z', async () => {
      await platform.runJob('payments.post');
      // Refunded before the settlement job has seen the bank settle it, by staff signed in then (sessions last minutes).
      const staffThen = await signInStaff(platform, 'norman', 'SUPPORT');
      const refunded = await refund({ paymentId: payment.id, amount: '14.00', reason: 'Customer asked', idempotencyKey: newKey() }, staffThen);
      expect(refunded.userErrors).toEqual([]);
      await platform.runJob('payments.settle-echecks');
    });
    const [row] = await tenantRows<{ status: string; settled: boolean }>(platform, 'norman', 'SELECT status, settled_at IS NOT NULL AS settled FROM payments WHERE id = $1', [payment.id]);
    expect(row).toEqual({ status: 'REFUNDED', settled: true });
  });
});

describe('e-check returns', () => {
  it('R02 reverses the posting, charges the returned-payment fee and blocks the bank account', async () => {
    const token = await bankToken(platform, BANK.accounts.returnsAccountClosed);
    const payment = await payNorman('40.00', token);
    expect(payment).toMatchObject({ status: 'AUTHORIZED', method: { kind: 'BANK_ACCOUNT', last4: '0002' } });

    // Posting day, then the bank's answer two days later (sessions are short, so "now" comes back for the checks).
    await at('2026-11-24T18:00:00Z', () => platform.runJob('payments.post'));
    await at('2026-11-26T18:00:00Z', () => platform.runJob('payments.settle-echecks'));

    const { payment: after } = await staff.data<{ payment: PaymentShape }>(STAFF_PAYMENT, { id: payment.id });
    expect(after).toMatchObject({ status: 'RETURNED', returnCode: 'R02' });
    const entries = await ledger();
    expect(entries.slice(0, 2)).toEqual(['FEE 25.00', 'PAYMENT_REVERSED 40.00']);
    // Posted with the other payments due that day (in no particular order among them).
    expect(entries).toContain('PAYMENT_POSTED -40.00');

    // The same bank account is refused from now on, and the payer was told.
    const retry = await attempt('40.00', await bankToken(platform, BANK.accounts.returnsAccountClosed));
    expect(retry.userErrors[0]?.code).toBe('BANK_ACCOUNT_BLOCKED');
    const notices = await tenantRows<{ template: string }>(platform, 'norman', `SELECT template FROM notification_outbox WHERE template = 'PAYMENT_RETURNED'`);
    expect(notices).toHaveLength(1);
  });

  it('R01 (insufficient funds) reverses but does not block the account', async () => {
    const payment = await payNorman('15.00', await bankToken(platform, BANK.accounts.returnsInsufficientFunds));
    await at('2026-11-26T18:00:00Z', () => platform.runJob('payments.settle-echecks'));
    const { payment: after } = await staff.data<{ payment: PaymentShape }>(STAFF_PAYMENT, { id: payment.id });
    expect(after).toMatchObject({ status: 'RETURNED', returnCode: 'R01' });
    const retry = await payNorman('15.00', await bankToken(platform, BANK.accounts.returnsInsufficientFunds));
    expect(retry.status).toBe('AUTHORIZED');
  });

  it('an e-check that settles stays posted, and an unknown bank account is refused on first use', async () => {
    const good = await payNorman('9.00', await bankToken(platform, BANK.accounts.settles));
    await at('2026-11-26T18:00:00Z', async () => {
      await platform.runJob('payments.post');
      await platform.runJob('payments.settle-echecks');
    });
    const { payment } = await staff.data<{ payment: PaymentShape }>(STAFF_PAYMENT, { id: good.id });
    expect(payment.status).toBe('POSTED');
    const unknown = await attempt('9.00', await bankToken(platform, BANK.accounts.notFound));
    expect(unknown.userErrors[0]?.code).toBe('BANK_ACCOUNT_INVALID');
  });

  it('a return the processor gives no code for is still a return: reversed, fee charged, account blocked, payer told', async () => {
    const payment = await payNorman('8.00', await bankToken(platform, BANK.accounts.settles));
    // A processor that answers every charge look-up: RETURNED, with no return code.
    const processor = createServer((req, res) => {
      const id = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id,
          idempotencyKey: `payment-${payment.id}`,
          status: 'RETURNED',
          amount: '800',
          refunded: '0',
          kind: 'BANK_ACCOUNT',
          brand: null,
          last4: '6789',
          fingerprint: 'f',
          returnCode: null,
          createdAt: NOW.toISOString(),
        }),
      );
    });
    await new Promise<void>((resolve) => processor.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(processor.address() as AddressInfo).port}`;
      await at('2026-11-26T18:00:00Z', () => settleEchecks(createHttpProcessor({ baseUrl, secretKey: TEST_PROCESSOR_SECRET_KEY }))(platform.db, clock, createLogger('silent')));
    } finally {
      await new Promise((resolve) => processor.close(resolve));
    }
    const { payment: after } = await staff.data<{ payment: PaymentShape & { history: { toStatus: string; reason: string }[] } }>(STAFF_PAYMENT, { id: payment.id });
    expect(after).toMatchObject({ status: 'RETURNED', returnCode: null });
    expect(after.history.at(-1)).toMatchObject({ toStatus: 'RETURNED', reason: 'e-check returned (no return code given)' });
    expect((await ledger()).slice(0, 1)).toEqual(['FEE 25.00']);
    expect((await attempt('8.00', await bankToken(platform, BANK.accounts.settles))).userErrors[0]?.code).toBe('BANK_ACCOUNT_BLOCKED');
    const [notice] = await tenantRows<{ data: Record<string, string> }>(
      platform,
      'norman',
      `SELECT data FROM notification_outbox WHERE template = 'PAYMENT_RETURNED' AND data->>'confirmationNumber' = $1`,
      [payment.confirmationNumber],
    );
    expect(notice?.data).not.toHaveProperty('returnCode');
    // The payer is told what the return took back and the fee charged for it; the account, in credit, owes none of it again.
    expect(notice?.data).toMatchObject({ takenBackFrom: 'Account ending in 2 6 5 0: $8.00', alreadyPaid: '$8.00', returnedPaymentFee: '$25.00' });
    expect(notice?.data).not.toHaveProperty('owedAgain');
  });
});

describe('service restored on an e-check (Norwalk, a disconnected account)', () => {
  type Approved = { approveRestoration: { serviceAccount: { status: string } | null; userErrors: { code: string; message: string }[] } };
  const status = async () => (await tenantRows<{ status: string }>(platform, 'norwalk', "SELECT status FROM service_accounts WHERE account_number = '10-1003-00'"))[0]!.status;
  const approve = async (id: string) => (await (await signInStaff(platform, 'norwalk', 'ADMIN')).data<Approved>(APPROVE_RESTORATION, { id })).approveRestoration;
  const payInFull = async (account: string) => {
    const { due } = await amountDue(platform.client.asTenant('norwalk'), { accountNumber: '10-1003-00' });
    const paid = await pay(platform.client.asTenant('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1003-00', amount: due }],
      token: await bankToken(platform, account),
      payerEmail: 'ana@example.com',
    });
    expect(paid.payment?.status).toBe('AUTHORIZED');
    return paid.payment!;
  };
  const AWAITING_BANK = 'The e-check has posted but its bank has not cleared it yet; approve the restoration once it has.';

  it('waits for the bank: one that comes back restores nothing; one that clears may then be approved', async () => {
    expect(await status()).toBe('DISCONNECTED');
    const bounced = await payInFull(BANK.accounts.returnsInsufficientFunds);
    const accountId = bounced.allocations[0]!.serviceAccountId;
    expect(await status()).toBe('RESTORATION_PENDING');
    // Posted the next day, before its bank has settled it: staff may not restore service on it yet.
    await at('2026-11-24T18:00:00Z', async () => {
      await platform.runJob('payments.post');
      expect(await approve(accountId)).toEqual({ serviceAccount: null, userErrors: [expect.objectContaining({ code: 'PAYMENT_NOT_POSTED', message: AWAITING_BANK })] });
    });
    // It comes back for want of funds: the request is withdrawn, and service was never restored.
    await at('2026-11-25T18:01:00Z', () => platform.runJob('payments.settle-echecks'));
    expect(await status()).toBe('DISCONNECTED');

    const cleared = await payInFull(BANK.accounts.settles);
    expect(await status()).toBe('RESTORATION_PENDING');
    await at('2026-11-24T18:00:00Z', async () => {
      await platform.runJob('payments.post');
      expect((await approve(accountId)).userErrors.map((e) => e.message)).toEqual([AWAITING_BANK]);
    });
    await at('2026-11-26T18:00:00Z', async () => {
      await platform.runJob('payments.settle-echecks');
      const [settled] = await tenantRows<{ settled: boolean }>(platform, 'norwalk', 'SELECT settled_at IS NOT NULL AS settled FROM payments WHERE id = $1', [cleared.id]);
      expect(settled).toEqual({ settled: true });
      expect(await approve(accountId)).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
    });
  });
});
