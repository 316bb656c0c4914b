import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { PAYMENT_FIELDS, REFUND, VOID, cardToken, newKey, pay, processorCharges, type PaymentShape } from './payments-api';

// 10:00 in Norwalk on Monday 2026-11-23.
const NOW = new Date('2026-11-23T18:00:00Z');
const clock = new FixedClock(NOW);
let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
});
afterAll(() => platform.close());

const DETAIL = `query Payment($id: UUID!) { payment(id: $id) { ${PAYMENT_FIELDS}
  history { fromStatus toStatus actor reason }
  operations { kind status amount { amount } reason actor processorReference history { fromStatus toStatus actor reason processorReference } }
} }`;
type Operation = {
  kind: string;
  status: string;
  amount: { amount: string };
  reason: string;
  actor: string;
  processorReference: string | null;
  history: { fromStatus: string | null; toStatus: string; actor: string; reason: string; processorReference: string | null }[];
};
type Detail = PaymentShape & { history: { fromStatus: string | null; toStatus: string; actor: string; reason: string }[]; operations: Operation[] };
type Payload = { payment: PaymentShape | null; userErrors: { field: string[]; code: string; message: string }[] };

const guestPays = async (amount: string) =>
  (
    await pay(platform.client.asTenant('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1001-00', amount }],
      token: await cardToken(platform),
      payerEmail: 'ops@example.com',
    })
  ).payment!;
const detail = async (id: string) => (await staff.data<{ payment: Detail }>(DETAIL, { id })).payment;
const eventsOf = async (id: string) => (await tenantRows<{ type: string }>(platform, 'norwalk', 'SELECT type FROM events WHERE subject_id = $1 ORDER BY cursor', [id])).map((e) => e.type);
const refund = async (paymentId: string, amount: string, reason: string) =>
  (await staff.data<{ refundPayment: Payload }>(REFUND, { input: { paymentId, amount, reason, idempotencyKey: newKey('refund') } })).refundPayment;

describe('voids and refunds are operations of a payment', () => {
  it('a voided card payment has exactly pending, captured, voided in its history and its events; the void has its own', async () => {
    const payment = await guestPays('12.00');
    const { voidPayment } = await staff.data<{ voidPayment: Payload }>(VOID, { input: { paymentId: payment.id, reason: 'Paid twice by mistake' } });
    expect(voidPayment.payment?.status).toBe('VOIDED');

    const after = await detail(payment.id);
    expect(after.history.map((h) => [h.fromStatus, h.toStatus])).toEqual([
      [null, 'PENDING'],
      ['PENDING', 'CAPTURED'],
      ['CAPTURED', 'VOIDED'],
    ]);
    expect(await eventsOf(payment.id)).toEqual(['payment.pending', 'payment.captured', 'payment.voided']);
    const charge = (await processorCharges(platform)).find((c) => c.idempotencyKey === `payment-${payment.id}`);
    expect(after.operations).toEqual([
      {
        kind: 'VOID',
        status: 'SUCCEEDED',
        amount: { amount: '12.00' },
        reason: 'Paid twice by mistake',
        actor: expect.stringMatching(/^[0-9a-f-]{36}$/),
        processorReference: charge!.id,
        history: [
          { fromStatus: null, toStatus: 'PENDING', actor: expect.stringMatching(/^[0-9a-f-]{36}$/), reason: 'Paid twice by mistake', processorReference: null },
          { fromStatus: 'PENDING', toStatus: 'SUCCEEDED', actor: expect.stringMatching(/^[0-9a-f-]{36}$/), reason: 'voided', processorReference: charge!.id },
        ],
      },
    ]);
  });

  it('each refund is its own operation; a second partial refund does not repeat the payment’s status in its history, but is an event of it, as every refund is', async () => {
    const payment = await guestPays('50.00');
    expect((await refund(payment.id, '10.00', 'Billing error')).payment?.status).toBe('PARTIALLY_REFUNDED');
    expect((await refund(payment.id, '15.00', 'Late fee waived')).payment).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: { amount: '25.00' } });
    let after = await detail(payment.id);
    expect(after.history.map((h) => h.toStatus)).toEqual(['PENDING', 'CAPTURED', 'POSTED', 'PARTIALLY_REFUNDED']);
    // Subscribers (a payer's receipt page, the board's drawer) hear of the second refund too: its status again.
    expect(await eventsOf(payment.id)).toEqual(['payment.pending', 'payment.captured', 'payment.posted', 'payment.partially_refunded', 'payment.partially_refunded']);
    expect(after.operations.map((o) => [o.kind, o.status, o.amount.amount, o.reason, o.history.map((h) => h.toStatus)])).toEqual([
      ['REFUND', 'SUCCEEDED', '10.00', 'Billing error', ['PENDING', 'SUCCEEDED']],
      ['REFUND', 'SUCCEEDED', '15.00', 'Late fee waived', ['PENDING', 'SUCCEEDED']],
    ]);
    expect(after.operations.every((o) => o.processorReference !== null)).toBe(true);

    expect((await refund(payment.id, '25.00', 'Account closed')).payment?.status).toBe('REFUNDED');
    after = await detail(payment.id);
    expect(after.history.map((h) => h.toStatus)).toEqual(['PENDING', 'CAPTURED', 'POSTED', 'PARTIALLY_REFUNDED', 'REFUNDED']);
    expect(after.operations).toHaveLength(3);
  });

  it('a void recorded but never answered holds the payment back from posting, and reconciliation sends it again under its key', async () => {
    const payment = await guestPays('21.00');
    // The void's intent committed, as voidPayment commits it, then the process died before the processor heard of it.
    await tenantRows(
      platform,
      'norwalk',
      `WITH op AS (
         INSERT INTO payment_operations (tenant_id, id, payment_id, kind, idempotency_key, processor_key, amount_cents, reason, actor, status, created_at, updated_at)
         SELECT tenant_id, gen_random_uuid(), id, 'VOID', 'lost-void-' || id, 'void-lost-' || id, total_cents, 'Customer asked', 'staff', 'PENDING', $2, $2 FROM payments WHERE id = $1
         RETURNING tenant_id, id)
       INSERT INTO payment_operation_transitions (tenant_id, id, operation_id, to_status, actor, reason, occurred_at)
       SELECT tenant_id, gen_random_uuid(), id, 'PENDING', 'staff', 'Customer asked', $2 FROM op`,
      [payment.id, NOW],
    );
    clock.set(new Date('2026-11-24T18:00:00Z'));
    try {
      await platform.runJob('payments.post');
    } finally {
      clock.set(NOW);
    }
    expect((await tenantRows<{ status: string }>(platform, 'norwalk', 'SELECT status FROM payments WHERE id = $1', [payment.id]))[0]?.status).toBe('CAPTURED');
    // A minute later (the same day, when a card can still be voided) the lost request is surely over: reconciliation sends it again.
    clock.set(new Date(NOW.getTime() + 61_000));
    try {
      await platform.runJob('payments.reconcile');
    } finally {
      clock.set(NOW);
    }
    const after = await detail(payment.id);
    expect(after.status).toBe('VOIDED');
    expect(after.history.map((h) => h.toStatus)).toEqual(['PENDING', 'CAPTURED', 'VOIDED']);
    expect(after.operations.map((o) => [o.status, o.history.map((h) => [h.toStatus, h.actor])])).toEqual([
      [
        'SUCCEEDED',
        [
          ['PENDING', 'staff'],
          ['SUCCEEDED', 'reconciliation'],
        ],
      ],
    ]);
    const charge = (await processorCharges(platform)).find((c) => c.idempotencyKey === `payment-${payment.id}`);
    expect(charge?.status).toBe('VOIDED');
  });

  it('refuses a refund while a void is with the processor', async () => {
    const payment = await guestPays('8.00');
    await tenantRows(
      platform,
      'norwalk',
      `INSERT INTO payment_operations (tenant_id, id, payment_id, kind, idempotency_key, processor_key, amount_cents, reason, actor, status, created_at, updated_at)
       SELECT tenant_id, gen_random_uuid(), id, 'VOID', 'open-void-' || id, 'void-open-' || id, total_cents, 'Customer asked', 'staff', 'UNKNOWN', $2, $2 FROM payments WHERE id = $1`,
      [payment.id, NOW],
    );
    expect((await refund(payment.id, '8.00', 'Refund instead')).userErrors).toEqual([expect.objectContaining({ code: 'NOT_REFUNDABLE' })]);
  });
});
