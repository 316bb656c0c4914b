import { randomUUID } from 'node:crypto';
import { createLogger } from '@platform/gateway';
import { createHttpProcessor } from '@platform/processor';
import { startMixedUpProcessor } from '@platform/processor-sandbox';
import { FixedClock, TEST_PROCESSOR_SECRET_KEY, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { reconcilePayments } from '../../services/payments/src/reconciliation/reconciliation.job';
import { BANK, CARDS, REFUND, VOID, amountDue, voidAtProcessor, STAFF_PAYMENT, bankToken, cardToken, newKey, pay, processorCharges, type PaymentShape } from './payments-api';
import { tenantRows } from '../customers/customer-api';
import { APPROVE_RESTORATION, signInStaff } from '../billing/billing-api';

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const HANG_MS = 600;
/** Until the sandbox has given its held answer: the processor is done with the call. */
const processorDone = () => new Promise((resolve) => setTimeout(resolve, HANG_MS + 100));
let platform: TestPlatform;
beforeAll(async () => {
  // The gateway gives the processor 300 ms; the sandbox's magic amounts hold their answer twice that, HANG_MS (the
  // gateway's timer is set first, in the same process, so it always fires first).
  platform = await startTestPlatform({ clock, jobs: true, processorTimeoutMs: 300, sandboxHangMs: HANG_MS });
});
afterAll(() => platform.close());

const guestPay = async (amount: string, idempotencyKey = newKey(), accountNumber = '10-1002-00') =>
  pay(platform.client.asTenant('norwalk'), { idempotencyKey, allocations: [{ accountNumber, amount }], token: await cardToken(platform), payerEmail: 'outage@example.com' });
const statusOf = async (id: string) => {
  const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  return (await staff.data<{ payment: PaymentShape & { history: { toStatus: string; actor: string }[] } }>(STAFF_PAYMENT, { id })).payment;
};

describe('when the processor does not answer', () => {
  it('records UNKNOWN, never guesses, and reconciliation finds the charge that really happened: one charge, no double', async () => {
    const input = { idempotencyKey: newKey('hang'), allocations: [{ accountNumber: '10-1002-00', amount: '13.13' }], token: await cardToken(platform), payerEmail: 'outage@example.com' };
    const first = await pay(platform.client.asTenant('norwalk'), input);
    expect(first.userErrors).toEqual([]);
    expect(first.payment?.status).toBe('UNKNOWN');
    // The payer retries: the same payment, still being confirmed, and no second charge attempt.
    const retry = await pay(platform.client.asTenant('norwalk'), input);
    expect(retry.payment).toEqual(first.payment);

    // Reconciliation waits a minute after the payment, so the processor is surely done with the call.
    clock.advance(61_000);
    await platform.runJob('payments.reconcile');
    const settled = await statusOf(first.payment!.id);
    expect(settled.status).toBe('CAPTURED');
    expect(settled.history.map((h) => [h.toStatus, h.actor])).toEqual([
      ['PENDING', 'guest'],
      ['UNKNOWN', 'guest'],
      ['CAPTURED', 'reconciliation'],
    ]);
    const charges = (await processorCharges(platform)).filter((c) => c.idempotencyKey === `payment-${first.payment!.id}`);
    expect(charges).toHaveLength(1);
  });

  it('never reads a search the processor refused (a rotated key: 401, a wrong address: 404) as "no charge": the payment waits, then settles as CAPTURED', async () => {
    const result = await guestPay('13.13');
    expect(result.payment?.status).toBe('UNKNOWN');
    // The charge the sandbox held completes; a minute later a worker still on the old key searches for it.
    await processorDone();
    clock.advance(61_000);
    const oldKey = createHttpProcessor({ baseUrl: platform.processorUrl, secretKey: 'sk_test_rotated_out_0000', timeoutMs: 1000 });
    await reconcilePayments(oldKey)(platform.db, clock, createLogger('silent'));
    expect((await statusOf(result.payment!.id)).status).toBe('UNKNOWN');
    // Nor a search refused as a request (a misconfigured address: 404), which says nothing of the charge either.
    const wrongAddress = createHttpProcessor({ baseUrl: `${platform.processorUrl}/not-the-api`, secretKey: TEST_PROCESSOR_SECRET_KEY, timeoutMs: 1000 });
    await reconcilePayments(wrongAddress)(platform.db, clock, createLogger('silent'));
    expect((await statusOf(result.payment!.id)).status).toBe('UNKNOWN');
    await platform.runJob('payments.reconcile');
    expect((await statusOf(result.payment!.id)).status).toBe('CAPTURED');
  });

  it("never books a charge a search answers for another amount or another payment's key: the payment waits, then settles as CAPTURED", async () => {
    const result = await guestPay('13.13');
    expect(result.payment?.status).toBe('UNKNOWN');
    await processorDone();
    clock.advance(61_000);
    const key = `payment-${result.payment!.id}`;
    const [charge] = (await processorCharges(platform)).filter((c) => c.idempotencyKey === key);
    // A processor mixing its records up: the charge under this key for a cent, then another payment's charge.
    for (const wrong of [{ amount: '1' }, { idempotencyKey: `payment-${randomUUID()}` }]) {
      const mixedUp = await startMixedUpProcessor({ data: [{ ...charge, ...wrong }] });
      try {
        await reconcilePayments(createHttpProcessor({ baseUrl: mixedUp.url, secretKey: TEST_PROCESSOR_SECRET_KEY, timeoutMs: 1000 }))(platform.db, clock, createLogger('silent'));
      } finally {
        await mixedUp.close();
      }
      expect((await statusOf(result.payment!.id)).status).toBe('UNKNOWN');
    }
    await platform.runJob('payments.reconcile');
    expect((await statusOf(result.payment!.id)).status).toBe('CAPTURED');
  });

  it('settles to FAILED when the processor never made the charge, and tells the payer, who was last told "being confirmed"', async () => {
    const result = await guestPay('13.14');
    expect(result.payment?.status).toBe('UNKNOWN');
    // Too soon to tell: the call may still be in flight at the processor, so reconciliation leaves it alone.
    await platform.runJob('payments.reconcile');
    expect((await statusOf(result.payment!.id)).status).toBe('UNKNOWN');
    await processorDone();
    clock.advance(61_000);
    await platform.runJob('payments.reconcile');
    expect((await statusOf(result.payment!.id)).status).toBe('FAILED');
    expect((await processorCharges(platform)).filter((c) => c.idempotencyKey === `payment-${result.payment!.id}`)).toHaveLength(0);
    expect(await paymentNotices(result.payment!.confirmationNumber)).toEqual([{ template: 'PAYMENT_FAILED', recipient: 'outage@example.com', amount: '$13.14' }]);
  });

  it('leaves an autopay charge that did not go through to the autopay run, which tells the payer with its retry', async () => {
    const result = await guestPay('13.14');
    expect(result.payment?.status).toBe('UNKNOWN');
    // As an autopay run's charge would be recorded: the channel is what decides.
    await tenantRows(platform, 'norwalk', `UPDATE payments SET channel = 'AUTOPAY' WHERE id = $1`, [result.payment!.id]);
    await processorDone();
    clock.advance(61_000);
    await platform.runJob('payments.reconcile');
    expect((await statusOf(result.payment!.id)).status).toBe('FAILED');
    expect(await paymentNotices(result.payment!.confirmationNumber)).toEqual([]);
  });

  it('sends no such notice for a decline the payer saw in the answer, nor for a payment in doubt that was charged (a receipt instead)', async () => {
    const declined = await pay(platform.client.asTenant('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1002-00', amount: '5.00' }],
      token: await cardToken(platform, CARDS.genericDecline),
      payerEmail: 'outage@example.com',
    });
    expect(declined.payment?.status).toBe('DECLINED');
    expect(await paymentNotices(declined.payment!.confirmationNumber)).toEqual([]);

    const charged = await guestPay('13.13');
    expect(charged.payment?.status).toBe('UNKNOWN');
    await processorDone();
    clock.advance(61_000);
    await platform.runJob('payments.reconcile');
    expect(await paymentNotices(charged.payment!.confirmationNumber)).toEqual([{ template: 'PAYMENT_RECEIPT', recipient: 'outage@example.com', amount: '$13.13' }]);
  });
});

describe('a refund the processor has not answered yet', () => {
  type Refunded = { refundPayment: { payment: PaymentShape | null; userErrors: { code: string }[] } };
  type Approved = { approveRestoration: { serviceAccount: { status: string } | null; userErrors: { code: string }[] } };
  const statusOfAccount = async () => (await tenantRows<{ status: string }>(platform, 'norwalk', "SELECT status FROM service_accounts WHERE account_number = '10-1003-00'"))[0]!.status;
  /** A guest payment of `amount` to Ana's disconnected account 10-1003-00 by card. */
  const payForAna = async (amount: string) =>
    pay(platform.client.asTenant('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1003-00', amount }],
      token: await cardToken(platform),
      payerEmail: 'ana.restore@example.com',
    });
  const owed = async () =>
    (
      await tenantRows<{ owed: string }>(
        platform,
        'norwalk',
        "SELECT sum(e.amount_cents)::text AS owed FROM ledger_entries e JOIN service_accounts a ON a.id = e.service_account_id WHERE a.account_number = '10-1003-00'",
      )
    )[0]!.owed;

  it('holds the restoration request of the disconnected account its payment paid for, and a refused one opens it again', async () => {
    // Ana's disconnected account, paid in full: restoration requested.
    const { due } = await amountDue(platform.client.asTenant('norwalk'), { accountNumber: '10-1003-00' });
    const paid = await payForAna(due);
    expect(paid.payment?.status).toBe('CAPTURED');
    expect(await statusOfAccount()).toBe('RESTORATION_PENDING');

    // Staff refund part of it (posting it early, which makes the request approvable) and the processor does not answer.
    const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
    const refund = (amount: string) => admin.data<Refunded>(REFUND, { input: { paymentId: paid.payment!.id, amount, reason: 'Asked for it back', idempotencyKey: newKey('refund') } });
    expect((await refund('13.13')).refundPayment.userErrors.map((e) => e.code)).toEqual(['PROCESSOR_UNAVAILABLE']);
    expect(await statusOfAccount()).toBe('DISCONNECTED');
    // Another payment meanwhile, which leaves nothing owed while the refund is not on the ledger: no request opens.
    const meanwhile = await payForAna('1.00');
    expect(meanwhile.payment?.status).toBe('CAPTURED');
    expect(await statusOfAccount()).toBe('DISCONNECTED');
    const approved = await admin.data<Approved>(APPROVE_RESTORATION, { id: paid.payment!.allocations[0]!.serviceAccountId });
    expect(approved.approveRestoration.userErrors.map((e) => e.code)).toEqual(['STATUS_CHANGE_NOT_ALLOWED']);

    // The refund went through: the account owes its amount, and stays disconnected.
    await processorDone();
    clock.advance(61_000);
    await platform.runJob('payments.reconcile');
    expect(await owed()).toBe('1313');
    expect(await statusOfAccount()).toBe('DISCONNECTED');

    // Paid in full again; a refund asked of a charge voided at the processor gives nothing back: the payment is voided here
    // (never posted as money received), and what was due by today stays paid, so the request is open again.
    const again = await payForAna('20.00');
    expect(await statusOfAccount()).toBe('RESTORATION_PENDING');
    await voidAtProcessor(platform, again.payment!.id);
    const refused = await admin.data<Refunded>(REFUND, { input: { paymentId: again.payment!.id, amount: '5.00', reason: 'Asked for it back', idempotencyKey: newKey('refund') } });
    expect(refused.refundPayment.userErrors.map((e) => e.code)).toEqual(['NOT_REFUNDABLE']);
    expect((await tenantRows<{ status: string }>(platform, 'norwalk', 'SELECT status FROM payments WHERE id = $1', [again.payment!.id]))[0]!.status).toBe('VOIDED');
    expect(await statusOfAccount()).toBe('RESTORATION_PENDING');
    // The voided $20.00 is paid again, as the resident would, so the account is in credit as before.
    expect((await payForAna('20.00')).payment?.status).toBe('CAPTURED');

    // A refund of a convenience fee alone moves no account's balance: the request it withdrew while it was out opens again.
    const FEE = `mutation Fee($input: UpdateTenantInput!) { updateTenant(slug: "norwalk", input: $input) { userErrors { code } } }`;
    await platform.operator.data(FEE, { input: { paymentRules: { convenienceFee: { kind: 'FLAT', amount: '2.50' } } } });
    try {
      const withFee = await payForAna('1.00');
      expect(withFee.payment?.total.amount).toBe('3.50');
      for (const amount of ['1.00', '2.50']) {
        const back = await admin.data<Refunded>(REFUND, { input: { paymentId: withFee.payment!.id, amount, reason: 'Asked for it back', idempotencyKey: newKey('refund') } });
        expect(back.refundPayment.userErrors).toEqual([]);
        expect(await statusOfAccount()).toBe('RESTORATION_PENDING');
      }
    } finally {
      await platform.operator.data(FEE, { input: { paymentRules: { convenienceFee: { kind: 'NONE' } } } });
    }
  });
});

describe('a void the processor has not answered yet', () => {
  it('tells staff it was sent and is being confirmed, not that nothing was charged, a refund that it is under way, and reconciliation records it: one void', async () => {
    // The sandbox holds back the answer to a void of a $13.15 charge; the charge itself is answered at once.
    const paid = await guestPay('13.15');
    expect(paid.payment?.status).toBe('CAPTURED');
    const id = paid.payment!.id;
    const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    const { voidPayment } = await staff.data<{ voidPayment: { userErrors: { code: string; message: string }[] } }>(VOID, { input: { paymentId: id, reason: 'Paid twice' } });
    expect(voidPayment.userErrors.map((e) => [e.code, e.message])).toEqual([['PROCESSOR_UNAVAILABLE', 'The void was sent but not yet confirmed; it will be confirmed shortly.']]);

    await processorDone();
    // The charge is voided at the processor now, by that void: a refund asked meanwhile is told the void is under way,
    // and does not record it as a void made in the processor's dashboard.
    const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
    const { refundPayment } = await admin.data<{ refundPayment: { userErrors: { code: string; message: string }[] } }>(REFUND, {
      input: { paymentId: id, amount: '13.15', reason: 'Paid twice', idempotencyKey: newKey('refund') },
    });
    expect(refundPayment.userErrors.map((e) => [e.code, e.message])).toEqual([['NOT_REFUNDABLE', 'This payment is being voided, so it cannot be refunded.']]);
    clock.advance(61_000);
    await platform.runJob('payments.reconcile');
    const settled = await statusOf(id);
    expect(settled.status).toBe('VOIDED');
    // Voided by the staff member who asked (the payment's history names them, as for any void they asked for).
    expect(settled.history.map((h) => [h.toStatus, h.actor])).toEqual([
      ['PENDING', 'guest'],
      ['CAPTURED', 'guest'],
      ['VOIDED', expect.stringMatching(/^[0-9a-f-]{36}$/)],
    ]);
    const charge = (await processorCharges(platform)).find((c) => c.idempotencyKey === `payment-${id}`);
    expect(charge?.status).toBe('VOIDED');
  });
});

// Last in this file: the bank answers two days on, and this moves the clock there.
describe('a charge reconciliation first learns of once it was returned or voided', () => {
  it('refuses to void a posted e-check while a refund of it is with the processor, which could carry out both', async () => {
    const echeck = await pay(platform.client.asTenant('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1002-00', amount: '20.00' }],
      token: await bankToken(platform, BANK.accounts.settles),
      payerEmail: 'outage@example.com',
    });
    expect(echeck.payment?.status).toBe('AUTHORIZED');
    clock.advance(3 * 24 * 3600_000);
    await platform.runJob('payments.post');
    const id = echeck.payment!.id;
    expect((await statusOf(id)).status).toBe('POSTED');

    const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
    const refund = await admin.data<{ refundPayment: { userErrors: { code: string }[] } }>(REFUND, {
      input: { paymentId: id, amount: '13.13', reason: 'Asked for it back', idempotencyKey: newKey('refund') },
    });
    expect(refund.refundPayment.userErrors.map((e) => e.code)).toEqual(['PROCESSOR_UNAVAILABLE']);
    const voided = await admin.data<{ voidPayment: { payment: PaymentShape | null; userErrors: { code: string; message: string }[] } }>(VOID, { input: { paymentId: id, reason: 'Customer asked' } });
    expect(voided.voidPayment.userErrors).toEqual([{ code: 'NOT_VOIDABLE', message: expect.stringContaining('A refund of this payment is still with the processor'), field: ['input', 'paymentId'] }]);
    expect((await statusOf(id)).status).toBe('POSTED');
  });

  it('records a returned e-check as the settlement job records a return: fee charged, bank account blocked, payer told', async () => {
    const fee = await platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
      'mutation { updateTenant(slug: "norwalk", input: { paymentRules: { returnedPaymentFee: "25.00" } }) { userErrors { code } } }',
    );
    expect(fee.updateTenant.userErrors).toEqual([]);
    const input = { allocations: [{ accountNumber: '10-1002-00', amount: '13.13' }], payerEmail: 'outage@example.com' };
    const result = await pay(platform.client.asTenant('norwalk'), { ...input, idempotencyKey: newKey(), token: await bankToken(platform, BANK.accounts.returnsAccountClosed) });
    expect(result.payment?.status).toBe('UNKNOWN');
    // As a request that died after its charge and before recording the processor's silence leaves it.
    await tenantRows(platform, 'norwalk', `UPDATE payments SET status = 'PENDING' WHERE id = $1`, [result.payment!.id]);
    await processorDone();
    clock.advance(2 * 24 * 3600_000 + 61_000);
    await platform.runJob('payments.reconcile');

    const id = result.payment!.id;
    expect(await statusOf(id)).toMatchObject({ status: 'RETURNED', returnCode: 'R02' });
    const fees = await tenantRows<{ amount: string; memo: string }>(platform, 'norwalk', `SELECT amount_cents::text AS amount, memo FROM ledger_entries WHERE kind = 'FEE' AND payment_id = $1`, [id]);
    expect(fees).toEqual([{ amount: '2500', memo: 'Returned payment fee (R02)' }]);
    expect((await paymentNotices(result.payment!.confirmationNumber)).map((n) => n.template)).toEqual(['PAYMENT_RETURNED']);
    const again = await pay(platform.client.asTenant('norwalk'), { ...input, idempotencyKey: newKey(), token: await bankToken(platform, BANK.accounts.returnsAccountClosed) });
    expect(again.userErrors.map((e) => e.code)).toEqual(['BANK_ACCOUNT_BLOCKED']);
  });

  it('tells the payer of a charge voided at the processor that it did not go through, from UNKNOWN and from PENDING', async () => {
    // Two accounts, paid at once: a second payment to an account whose first is in doubt is refused (paying-again-in-doubt.test.ts).
    const [unknown, pending] = await Promise.all([guestPay('13.13'), guestPay('13.13', newKey(), '10-1003-00')]);
    expect([unknown.payment?.status, pending.payment?.status]).toEqual(['UNKNOWN', 'UNKNOWN']);
    // As a request that died after its charge and before recording the processor's silence leaves it.
    await tenantRows(platform, 'norwalk', `UPDATE payments SET status = 'PENDING' WHERE id = $1`, [pending.payment!.id]);
    await processorDone();
    for (const { payment } of [unknown, pending]) await voidAtProcessor(platform, payment!.id);
    clock.advance(61_000);
    await platform.runJob('payments.reconcile');
    for (const { payment } of [unknown, pending]) {
      expect((await statusOf(payment!.id)).status).toBe('VOIDED');
      expect(await paymentNotices(payment!.confirmationNumber)).toEqual([{ template: 'PAYMENT_FAILED', recipient: 'outage@example.com', amount: '$13.13' }]);
    }
  });
});

/** The emails queued about one payment, by its confirmation number. */
function paymentNotices(confirmationNumber: string) {
  return tenantRows<{ template: string; recipient: string; amount: string }>(
    platform,
    'norwalk',
    `SELECT template, recipient, data->>'amount' AS amount FROM notification_outbox WHERE data->>'confirmationNumber' = $1 ORDER BY created_at`,
    [confirmationNumber],
  );
}
