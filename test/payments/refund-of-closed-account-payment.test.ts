import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { accountById, ADJUST, BILL_HEADER, CLOSE_ACCOUNT, type ClosedAccount, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { holdRows, untilWaitingOnLocks } from '../db/lock-waits';
import { REFUND, VOID, cardToken, newKey, pay, processorCharges, type PaymentShape } from './payments-api';

/*
 * Money given back from a payment (a refund, a void) is owed again by the
 * accounts it paid. A closed account is never billed again: an ADMIN closed
 * one whose final bill a guest had paid, and a clerk then refunded $30 of the
 * payment as goodwill, or voided it as rung up in error; both were accepted,
 * and the closed account owed $30.00 (or $100.00) that nobody would ask for
 * (found by the race attacker; the close itself refuses while a refund is
 * with the processor for that very reason). Closing is an ADMIN's act, and so
 * is moving money on a closed account: a clerk is refused, saying so; an
 * ADMIN gives the money back and then corrects the final bill by that much,
 * as the README's closed accounts say.
 */

const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
let platform: TestPlatform;
let admin: GraphQLTestClient;
let clerk: GraphQLTestClient;
let n = 0;

beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  clerk = await signInStaff(platform, 'norwalk', 'SUPPORT');
}, 60_000);
afterAll(() => platform?.close());

type Answer<K extends string> = Record<K, { payment: PaymentShape | null; userErrors: { field: string[]; code: string; message: string }[] }>;

/** An account whose $100.00 final bill a guest paid by card today. */
async function paidFinalBill() {
  n++;
  const number = `92-${String(n).padStart(4, '0')}-00`;
  const account = await openAccount(admin, { accountNumber: number, addressLine1: `${100 + n} Fir St` });
  expect((await importCsv(admin, [BILL_HEADER, `RA-${n},${number},2026-11-20,2026-12-20,100.00,,`].join('\n'))).imported).toBe(1);
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: number, amount: '100.00' }],
    token: await cardToken(platform),
    payerEmail: 'final@example.com',
  });
  expect(paid.userErrors).toEqual([]);
  return { account, payment: paid.payment! };
}

const close = async (id: string) => (await admin.data<ClosedAccount>(CLOSE_ACCOUNT, { id })).closeServiceAccount;
const refund = async (paymentId: string, by: GraphQLTestClient, amount = '30.00') =>
  (await by.data<Answer<'refundPayment'>>(REFUND, { input: { paymentId, amount, reason: 'Goodwill', idempotencyKey: newKey('refund') } })).refundPayment;
const voidIt = async (paymentId: string, by: GraphQLTestClient) => (await by.data<Answer<'voidPayment'>>(VOID, { input: { paymentId, reason: 'Rung up in error' } })).voidPayment;
const standing = async (id: string) => {
  const { status, balance } = await accountById(admin, id);
  return { status, owed: (Number(balance.posted.amount) - Number(balance.pendingPayments.amount)).toFixed(2) };
};
const chargeOf = async (paymentId: string) => (await processorCharges(platform)).find((charge) => charge.idempotencyKey === `payment-${paymentId}`);

const REFUND_REFUSED = {
  payment: null,
  userErrors: [
    {
      field: ['input', 'paymentId'],
      code: 'ACCOUNT_CLOSED',
      message:
        'This payment paid an account that is now closed, and a closed account is never billed again: what a refund gives back would be owed there with nobody to bill it. An administrator refunds it, then corrects the account’s final bill by that much.',
    },
  ],
};

it('a clerk’s refund of the final bill’s payment after the close is refused, in English and Spanish, and nothing goes back', async () => {
  const { account, payment } = await paidFinalBill();
  expect(await close(account.id)).toEqual({ serviceAccount: { status: 'CLOSED' }, userErrors: [] });

  expect(await refund(payment.id, clerk)).toEqual(REFUND_REFUSED);
  expect((await refund(payment.id, clerk.withHeaders({ 'accept-language': 'es' }))).userErrors.map((e) => e.message)).toEqual([
    'Este pago abonó una cuenta que ya está cerrada, y una cuenta cerrada no se vuelve a facturar: lo que devuelva un reembolso se debería en ella sin nadie que lo facture. Un administrador lo reembolsa y luego corrige la factura final de la cuenta por ese monto.',
  ]);
  expect(await standing(account.id)).toEqual({ status: 'CLOSED', owed: '0.00' });
  expect((await chargeOf(payment.id))?.refunded).toBe('0');
}, 60_000);

it('says so before anyone asks: givingBackBlockedBy is ACCOUNT_CLOSED to a clerk once the account is closed, never to the ADMIN', async () => {
  const { account, payment } = await paidFinalBill();
  const BLOCK = 'query P($id: UUID!) { payment(id: $id) { refundable voidable givingBackBlockedBy } }';
  type Block = { payment: { refundable: boolean; voidable: boolean; givingBackBlockedBy: string | null } };
  const blockFor = async (by: GraphQLTestClient) => (await by.data<Block>(BLOCK, { id: payment.id })).payment;
  expect(await blockFor(clerk)).toEqual({ refundable: true, voidable: true, givingBackBlockedBy: null });
  expect((await close(account.id)).userErrors).toEqual([]);
  expect(await blockFor(clerk)).toEqual({ refundable: true, voidable: true, givingBackBlockedBy: 'ACCOUNT_CLOSED' });
  expect(await blockFor(admin)).toEqual({ refundable: true, voidable: true, givingBackBlockedBy: null });
}, 60_000);

it('a clerk’s void of it after the close is refused; the card stays charged and the account owes nothing', async () => {
  const { account, payment } = await paidFinalBill();
  expect((await close(account.id)).userErrors).toEqual([]);

  expect(await voidIt(payment.id, clerk)).toEqual({
    payment: null,
    userErrors: [
      {
        field: ['input', 'paymentId'],
        code: 'ACCOUNT_CLOSED',
        message:
          'This payment paid an account that is now closed, and a closed account is never billed again: voiding it would leave the account owing it with nobody to bill it. An administrator voids it, then settles what the account owes.',
      },
    ],
  });
  expect(await standing(account.id)).toEqual({ status: 'CLOSED', owed: '0.00' });
  expect((await chargeOf(payment.id))?.status).not.toBe('VOIDED');
}, 60_000);

it('an ADMIN refunds it and corrects the final bill by as much: the resident has the money back and the closed account owes nothing', async () => {
  const { account, payment } = await paidFinalBill();
  expect((await close(account.id)).userErrors).toEqual([]);

  expect((await refund(payment.id, admin)).userErrors).toEqual([]);
  const corrected = await admin.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, {
    input: { serviceAccountId: account.id, kind: 'ADJUSTMENT', amount: '-30.00', memo: 'Goodwill on moving out', idempotencyKey: newKey('goodwill') },
  });
  expect(corrected.recordAccountAdjustment.userErrors).toEqual([]);
  expect(await standing(account.id)).toEqual({ status: 'CLOSED', owed: '0.00' });
  expect((await chargeOf(payment.id))?.refunded).toBe('3000');
}, 60_000);

describe('a clerk’s refund and an ADMIN’s close at the same moment: both weighed under the account’s lock', () => {
  const holdAccount = (id: string) => holdRows(platform.db, 'norwalk', 'SELECT id FROM service_accounts WHERE id = $1 FOR UPDATE', [id]);

  it('the close first: the refund finds the account closed', async () => {
    const { account, payment } = await paidFinalBill();
    const release = await holdAccount(account.id);
    const closing = admin.request<ClosedAccount>(CLOSE_ACCOUNT, { id: account.id });
    await untilWaitingOnLocks(platform.db, '%', { n: 1 });
    const refunding = clerk.request<Answer<'refundPayment'>>(REFUND, { input: { paymentId: payment.id, amount: '30.00', reason: 'Goodwill', idempotencyKey: newKey('refund') } });
    await untilWaitingOnLocks(platform.db, '%', { n: 2 });
    await release();
    const [closed, refunded] = await Promise.all([closing, refunding]);
    expect(closed.data?.closeServiceAccount).toEqual({ serviceAccount: { status: 'CLOSED' }, userErrors: [] });
    expect(refunded.data?.refundPayment).toEqual(REFUND_REFUSED);
    expect(await standing(account.id)).toEqual({ status: 'CLOSED', owed: '0.00' });
  }, 60_000);

  it('the refund first: the close finds it with the processor, and the account, left open, owes what went back', async () => {
    const { account, payment } = await paidFinalBill();
    const release = await holdAccount(account.id);
    const refunding = clerk.request<Answer<'refundPayment'>>(REFUND, { input: { paymentId: payment.id, amount: '30.00', reason: 'Goodwill', idempotencyKey: newKey('refund') } });
    await untilWaitingOnLocks(platform.db, '%', { n: 1 });
    const closing = admin.request<ClosedAccount>(CLOSE_ACCOUNT, { id: account.id });
    await untilWaitingOnLocks(platform.db, '%', { n: 2 });
    await release();
    const [refunded, closed] = await Promise.all([refunding, closing]);
    expect(refunded.data?.refundPayment.userErrors).toEqual([]);
    expect(closed.data?.closeServiceAccount.userErrors.map((e) => e.code)).toEqual(['REFUND_BEING_CONFIRMED']);
    expect(await standing(account.id)).toEqual({ status: 'ACTIVE', owed: '30.00' });
  }, 60_000);
});
