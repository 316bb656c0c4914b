import { FixedClock, startTestPlatform, type GraphQLTestClient, type GraphQLResponse, type TestPlatform } from '@platform/testkit';
import { holdRows, untilWaitingOnLocks } from '../db/lock-waits';
import { MAKE_PAYMENT, REFUND, VOID, cardToken, newKey, pay, type MakePaymentResult, type PaymentShape } from '../payments/payments-api';
import { ADJUST, BILL_HEADER, accountById, importCsv, openAccount, signInStaff } from './billing-api';

/*
 * A closed account takes its final bill and is never billed again: credit
 * left on it is the resident's money that nobody would look for. Payments
 * made after the close are held to what it owes (closed-account-payments);
 * closing checked nothing, so the same credit arrived by the other order of
 * the same two events: an account closed in credit, or closed while an
 * overpayment made that morning was still to post (found by the ledger's
 * attacker). The close is refused, saying how much and what to do.
 */

const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
let platform: TestPlatform;
let admin: GraphQLTestClient;
let clerk: GraphQLTestClient;
beforeAll(async () => {
  // The sandbox holds its answer to a $13.13 charge past the gateway's wait: charged, but in doubt until reconciliation.
  platform = await startTestPlatform({ clock, jobs: true, processorTimeoutMs: 300, sandboxHangMs: 1500 });
  await signInAgain();
});
afterAll(() => platform.close());

/** Fresh sessions: moving the clock on by days outlives the last ones. */
async function signInAgain() {
  admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  clerk = await signInStaff(platform, 'norwalk', 'SUPPORT');
}

const CLOSE = 'mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { serviceAccount { status } userErrors { field code message } } }';
type Closed = { closeServiceAccount: { serviceAccount: { status: string } | null; userErrors: { field: string[]; code: string; message: string }[] } };
const close = async (id: string, client = admin) => (await client.data<Closed>(CLOSE, { id })).closeServiceAccount;

/** A Norwalk account (which takes payments into credit) with one bill of `bill` dollars. */
async function billedAccount(number: string, bill: string) {
  const account = await openAccount(admin, { accountNumber: number, addressLine1: `${number.slice(3, 7)} Birch St` });
  expect((await importCsv(admin, [BILL_HEADER, `CL-${number},${number},2026-11-01,2026-12-01,${bill},,`].join('\n'))).imported).toBe(1);
  return account;
}
const guestPays = async (number: string, amount: string) => {
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: number, amount }],
    token: await cardToken(platform),
    payerEmail: 'moving.out@example.com',
  });
  expect(paid.userErrors).toEqual([]);
  return paid.payment!;
};
const refund = async (paymentId: string, amount: string) =>
  (await clerk.data<{ refundPayment: { payment: PaymentShape | null; userErrors: unknown[] } }>(REFUND, { input: { paymentId, amount, reason: 'Moved out', idempotencyKey: newKey('refund') } }))
    .refundPayment;
const standing = async (id: string) => {
  const account = await accountById(admin, id);
  return { status: account.status, credit: account.balance.credit.amount };
};

it('refuses to close an account holding the resident’s credit, naming it in English and Spanish, and closes it once the credit is refunded', async () => {
  const account = await billedAccount('95-0002-00', '20.00');
  const paid = await guestPays('95-0002-00', '45.00');
  clock.advance(2 * 86_400_000);
  await platform.runJob('payments.post');
  await signInAgain();
  expect((await accountById(admin, account.id)).balance.credit.amount).toBe('25.00');

  expect(await close(account.id)).toEqual({
    serviceAccount: null,
    userErrors: [
      {
        field: ['serviceAccountId'],
        code: 'ACCOUNT_HOLDS_CREDIT',
        message: 'This account holds $25.00 of the resident’s money in credit, and a closed account is never billed again: refund the credit to the resident, then close the account.',
      },
    ],
  });
  expect((await close(account.id, admin.withHeaders({ 'accept-language': 'es' }))).userErrors.map((e) => e.message)).toEqual([
    'Esta cuenta tiene $25.00 del residente como saldo a favor, y una cuenta cerrada no se vuelve a facturar: reembolse el saldo a favor al residente y luego cierre la cuenta.',
  ]);
  expect(await standing(account.id)).toEqual({ status: 'ACTIVE', credit: '25.00' });

  // Done as the message says: the credit refunded, the account closes, holding nothing.
  expect((await refund(paid.id, '25.00')).userErrors).toEqual([]);
  expect(await close(account.id)).toEqual({ serviceAccount: { status: 'CLOSED' }, userErrors: [] });
  expect(await standing(account.id)).toEqual({ status: 'CLOSED', credit: '0.00' });
}, 60_000);

it('refuses to close an account that an overpayment made just before, not yet posted, will leave in credit; a payment of the final bill alone does not hold the close up', async () => {
  const account = await billedAccount('95-0001-00', '50.00');
  const paid = await guestPays('95-0001-00', '80.00');

  // Before: closed without a word, and two days later the $30 posted to an account never billed again.
  expect(await close(account.id)).toEqual({
    serviceAccount: null,
    userErrors: [
      {
        field: ['serviceAccountId'],
        code: 'PAYMENT_IN_FLIGHT',
        message:
          'A payment not yet posted will leave $30.00 of credit on this account, and a closed account is never billed again: refund that much of the payment (or wait for it to post and refund the credit), then close the account.',
      },
    ],
  });
  expect((await close(account.id, admin.withHeaders({ 'accept-language': 'es' }))).userErrors.map((e) => [e.code, e.message])).toEqual([
    [
      'PAYMENT_IN_FLIGHT',
      'Un pago aún no aplicado dejará $30.00 de saldo a favor en esta cuenta, y una cuenta cerrada no se vuelve a facturar: reembolse esa parte del pago (o espere a que se aplique y reembolse el saldo a favor) y luego cierre la cuenta.',
    ],
  ]);

  // Refunding the $30 posts the payment first: the final bill is paid, nothing is left over, and the account closes.
  expect((await refund(paid.id, '30.00')).userErrors).toEqual([]);
  expect(await close(account.id)).toEqual({ serviceAccount: { status: 'CLOSED' }, userErrors: [] });

  const exact = await billedAccount('95-0003-00', '50.00');
  await guestPays('95-0003-00', '50.00');
  expect(await close(exact.id)).toEqual({ serviceAccount: { status: 'CLOSED' }, userErrors: [] });
  clock.advance(2 * 86_400_000);
  await platform.runJob('payments.post');
  await signInAgain();
  expect([await standing(account.id), await standing(exact.id)]).toEqual([
    { status: 'CLOSED', credit: '0.00' },
    { status: 'CLOSED', credit: '0.00' },
  ]);
}, 60_000);

it('refuses to close an account while a payment of it is still being confirmed with the processor, and closes it once reconciliation finds the final bill paid', async () => {
  const account = await billedAccount('95-0004-00', '13.13');
  const paid = await guestPays('95-0004-00', '13.13');
  expect(paid.status).toBe('UNKNOWN');

  expect(await close(account.id)).toEqual({
    serviceAccount: null,
    userErrors: [
      {
        field: ['serviceAccountId'],
        code: 'PAYMENT_BEING_CONFIRMED',
        message: 'A payment to this account is still being confirmed with the payment processor and may leave it in credit: close the account once the payment is settled.',
      },
    ],
  });

  await new Promise((resolve) => setTimeout(resolve, 1600));
  clock.advance(61_000);
  await platform.runJob('payments.reconcile');
  expect(await close(account.id)).toEqual({ serviceAccount: { status: 'CLOSED' }, userErrors: [] });
}, 60_000);

/*
 * Found by the refunds attacker: a refund (or void) sent and not yet answered
 * left the balance as it was, so the close went through; reconciliation then
 * recorded the refund, and the closed account, never billed again, owed what
 * went back with a due date nobody would send. The money leaving is as
 * unknown to billing as a payment still with the processor, so the close
 * waits for the answer in the same way.
 */
it('refuses to close an account while a refund or void of a payment to it is still with the processor, and the account owes what went back once it is recorded', async () => {
  const refunded = await billedAccount('95-0007-00', '100.00');
  const paid = await guestPays('95-0007-00', '100.00');
  // The processor makes this refund ($13.13) and holds its answer back past the gateway's wait.
  expect((await refund(paid.id, '13.13')).userErrors).toEqual([expect.objectContaining({ code: 'PROCESSOR_UNAVAILABLE' })]);
  const refusal = {
    serviceAccount: null,
    userErrors: [
      {
        field: ['serviceAccountId'],
        code: 'REFUND_BEING_CONFIRMED',
        message:
          'Money being given back from a payment to this account (a refund or a void) is still being confirmed with the payment processor, and the account will owe it again: close the account once the processor has answered.',
      },
    ],
  };
  expect(await close(refunded.id)).toEqual(refusal);
  expect((await close(refunded.id, admin.withHeaders({ 'accept-language': 'es' }))).userErrors.map((e) => e.message)).toEqual([
    'Se está confirmando con el procesador de pagos la devolución de dinero de un pago a esta cuenta (un reembolso o una anulación), y la cuenta volverá a deberlo: cierre la cuenta cuando el procesador haya respondido.',
  ]);

  // A void of a card payment made today, its answer held back too ($13.15): the payment it cancels still counts as paying the bill.
  const voided = await billedAccount('95-0008-00', '13.15');
  const voiding = await guestPays('95-0008-00', '13.15');
  const { voidPayment } = await clerk.data<{ voidPayment: { userErrors: { code: string }[] } }>(VOID, { input: { paymentId: voiding.id, reason: 'Paid twice' } });
  expect(voidPayment.userErrors.map((e) => e.code)).toEqual(['PROCESSOR_UNAVAILABLE']);
  expect(await close(voided.id)).toEqual(refusal);

  // Reconciliation records both: each account owes what went back, and neither was closed on the way.
  await new Promise((resolve) => setTimeout(resolve, 1600));
  clock.advance(61_000);
  await platform.runJob('payments.reconcile');
  const after = await Promise.all([accountById(admin, refunded.id), accountById(admin, voided.id)]);
  expect(after.map((a) => [a.status, a.balance.amountDueNow.amount])).toEqual([
    ['ACTIVE', '13.13'],
    ['ACTIVE', '13.15'],
  ]);
}, 60_000);

describe('a close and an overpayment at the same moment: the close is weighed under the account’s lock, which the payment takes as it is recorded and to go on billing’s books', () => {
  type Paid = GraphQLResponse<{ makePayment: MakePaymentResult }>;
  const startPaying = (number: string, amount: string, token: string): Promise<Paid> =>
    platform.client
      .asTenant('norwalk')
      .request<{ makePayment: MakePaymentResult }>(MAKE_PAYMENT, { input: { idempotencyKey: newKey(), allocations: [{ accountNumber: number, amount }], token, payerEmail: 'race@example.com' } });
  const holdAccount = (id: string) => holdRows(platform.db, 'norwalk', 'SELECT id FROM service_accounts WHERE id = $1 FOR UPDATE', [id]);
  const waiting = (n: number) => untilWaitingOnLocks(platform.db, '%', { n });

  it('the payment first: the close finds it with the processor, and the account keeps the credit', async () => {
    const account = await billedAccount('95-0005-00', '50.00');
    const token = await cardToken(platform);
    const release = await holdAccount(account.id);
    // Its record waits for the account's lock (it holds the account open); the close then waits for the payment.
    const paying = startPaying('95-0005-00', '80.00', token);
    await waiting(1);
    const closing = admin.request<Closed>(CLOSE, { id: account.id });
    await waiting(2);
    await release();
    const [paid, closed] = await Promise.all([paying, closing]);
    expect(paid.data?.makePayment.payment?.status).toBe('CAPTURED');
    expect(closed.data?.closeServiceAccount.userErrors.map((e) => e.code)).toEqual(['PAYMENT_BEING_CONFIRMED']);
    clock.advance(2 * 86_400_000);
    await platform.runJob('payments.post');
    await signInAgain();
    expect(await standing(account.id)).toEqual({ status: 'ACTIVE', credit: '30.00' });
  }, 60_000);

  // The payment read the account open; its record holds the account against the close (a share lock), so it waits
  // behind it, and then pays the closed account as any payment after the close does (found by the race attacker: it
  // used to be recorded without looking, and charged in full, the closed account keeping $30.00 of credit).
  it('the close first: the payment finds the account closed, and takes no more than it owes', async () => {
    const account = await billedAccount('95-0006-00', '50.00');
    const token = await cardToken(platform);
    const release = await holdAccount(account.id);
    const closing = admin.request<Closed>(CLOSE, { id: account.id });
    await waiting(1);
    const paying = startPaying('95-0006-00', '80.00', token);
    await waiting(2);
    await release();
    const [paid, closed] = await Promise.all([paying, closing]);
    expect(closed.data?.closeServiceAccount).toEqual({ serviceAccount: { status: 'CLOSED' }, userErrors: [] });
    expect(paid.data?.makePayment).toMatchObject({
      payment: null,
      userErrors: [{ field: ['input', 'allocations', '0', 'amount'], code: 'EXCEEDS_AMOUNT_DUE', message: 'This account is closed and owes $50.00; it takes no more than it owes.' }],
    });
    expect(await standing(account.id)).toEqual({ status: 'CLOSED', credit: '0.00' });
    expect((await guestPays('95-0006-00', '50.00')).status).toBe('CAPTURED');
  }, 60_000);
});

/*
 * An ADMIN's correction reached the same place by the other order: the final bill paid and the account closed, then the
 * bill corrected down by $20, accepted, leaving $20 of the resident's money on an account nobody would look at (found by
 * the bill-import attacker). A correction of a closed account may lower what it still owes, never take it into credit:
 * that money goes back to the resident as a refund of the payment, as at closing.
 */
describe('corrections of a closed account', () => {
  type Adjusted = { recordAccountAdjustment: { entry: { amount: { amount: string } } | null; userErrors: { field: string[]; code: string; message: string }[] } };
  const correct = async (serviceAccountId: string, amount: string, client = admin) =>
    (await client.data<Adjusted>(ADJUST, { input: { serviceAccountId, kind: 'ADJUSTMENT', amount, memo: 'Final bill overcharged', idempotencyKey: newKey('final-fix') } })).recordAccountAdjustment;
  const owedAndCredit = async (id: string) => {
    const account = await accountById(admin, id);
    return { status: account.status, owed: account.balance.amountDueNow.amount, credit: account.balance.credit.amount };
  };

  /** A closed-to-be Norwalk account with a final bill of `bill` dollars, paid by a guest with `paid`. */
  async function finalBillPaid(number: string, bill: string, paid: string) {
    const account = await billedAccount(number, bill);
    return { account, payment: paid === '0.00' ? null : await guestPays(number, paid) };
  }

  it('refuses a correction that would leave a closed, paid account in credit, naming what to refund; the correction goes through once that much is refunded', async () => {
    const { account, payment } = await finalBillPaid('86-0001-00', '50.00', '50.00');
    clock.advance(2 * 86_400_000);
    await platform.runJob('payments.post');
    await signInAgain();
    expect((await close(account.id)).serviceAccount?.status).toBe('CLOSED');

    expect(await correct(account.id, '-20.00')).toEqual({
      entry: null,
      userErrors: [
        {
          field: ['input', 'amount'],
          code: 'ACCOUNT_HOLDS_CREDIT',
          message:
            'This account is closed and owes $0.00: this credit would leave $20.00 of the resident’s money on an account never billed again. Refund $20.00 of the resident’s payment, then record the correction.',
        },
      ],
    });
    expect((await correct(account.id, '-20.00', admin.withHeaders({ 'accept-language': 'es' }))).userErrors.map((e) => e.message)).toEqual([
      'Esta cuenta está cerrada y debe $0.00: este crédito dejaría $20.00 del residente en una cuenta que no se vuelve a facturar. Reembolse $20.00 del pago del residente y luego registre la corrección.',
    ]);
    expect(await owedAndCredit(account.id)).toEqual({ status: 'CLOSED', owed: '0.00', credit: '0.00' });

    // Done as the message says, by the ADMIN (a clerk may not give money back from a closed account's payment): $20 of the
    // payment back to the resident, then the bill corrected; the account holds nothing.
    expect(
      (
        await admin.data<{ refundPayment: { payment: PaymentShape | null; userErrors: unknown[] } }>(REFUND, {
          input: { paymentId: payment!.id, amount: '20.00', reason: 'Final bill overcharged', idempotencyKey: newKey('refund') },
        })
      ).refundPayment.userErrors,
    ).toEqual([]);
    expect((await correct(account.id, '-20.00')).userErrors).toEqual([]);
    expect(await owedAndCredit(account.id)).toEqual({ status: 'CLOSED', owed: '0.00', credit: '0.00' });
  }, 60_000);

  it('takes a correction that only lowers what a closed account still owes, and refuses one that a payment not yet posted would turn into credit', async () => {
    const { account } = await finalBillPaid('86-0002-00', '50.00', '0.00');
    expect((await close(account.id)).serviceAccount?.status).toBe('CLOSED');
    expect((await correct(account.id, '-20.00')).userErrors).toEqual([]);
    expect(await owedAndCredit(account.id)).toEqual({ status: 'CLOSED', owed: '30.00', credit: '0.00' });

    // The $30 left is paid and not posted yet: a further $5 off would leave $5 of it in credit once it posts.
    await guestPays('86-0002-00', '30.00');
    expect((await correct(account.id, '-5.00')).userErrors.map((e) => [e.code, e.message])).toEqual([
      [
        'ACCOUNT_HOLDS_CREDIT',
        'This account is closed and owes $0.00: this credit would leave $5.00 of the resident’s money on an account never billed again. Refund $5.00 of the resident’s payment, then record the correction.',
      ],
    ]);
    // A charge is no credit: a closed account may still be corrected up.
    expect((await correct(account.id, '5.00')).userErrors).toEqual([]);
    expect(await owedAndCredit(account.id)).toEqual({ status: 'CLOSED', owed: '5.00', credit: '0.00' });
  }, 60_000);

  it('waits with a credit to a closed account while a payment of it is still being confirmed with the processor', async () => {
    const { account, payment } = await finalBillPaid('86-0003-00', '13.13', '0.00');
    expect(payment).toBeNull();
    expect((await close(account.id)).serviceAccount?.status).toBe('CLOSED');
    expect((await guestPays('86-0003-00', '13.13')).status).toBe('UNKNOWN');

    // Billing knows nothing of that payment yet: taking $3.13 off the $13.13 owed would leave $3.13 in credit once it is.
    expect((await correct(account.id, '-3.13')).userErrors.map((e) => [e.code, e.message])).toEqual([
      [
        'PAYMENT_BEING_CONFIRMED',
        'A payment to this account is still being confirmed with the payment processor, and this account is closed: a credit could leave the resident’s money on it. Record the correction once the payment is settled.',
      ],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    clock.advance(61_000);
    await platform.runJob('payments.reconcile');
    expect((await correct(account.id, '-3.13')).userErrors.map((e) => e.code)).toEqual(['ACCOUNT_HOLDS_CREDIT']);
  }, 60_000);
});
