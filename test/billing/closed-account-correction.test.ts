import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { REFUND, cardToken, newKey, pay, type PaymentShape } from '../payments/payments-api';
import { ADJUST, BILL_HEADER, accountById, importCsv, openAccount, signInStaff } from './billing-api';

/*
 * A closed account is never billed again, so it must hold none of the
 * resident's money: closeServiceAccount refuses while it is in credit. An
 * ADMIN's correction reached the same place by the other order: the final
 * bill paid and the account closed, then the bill corrected down by $20,
 * accepted, leaving $20 of the resident's money on an account nobody would
 * look at (found by the bill-import attacker). A correction of a closed
 * account may lower what it still owes, never take it into credit: that money
 * goes back to the resident as a refund of the payment, as at closing.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let admin: GraphQLTestClient;
let clerk: GraphQLTestClient;
beforeAll(async () => {
  // The sandbox holds its answer to a $13.13 charge past the gateway's wait: charged, but in doubt until reconciliation.
  platform = await startTestPlatform({ clock, jobs: true, processorTimeoutMs: 300, sandboxHangMs: 1500 });
  await signInAgain();
});
afterAll(() => platform.close());

async function signInAgain() {
  admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  clerk = await signInStaff(platform, 'norwalk', 'SUPPORT');
}

const CLOSE = 'mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { serviceAccount { status } userErrors { field code message } } }';
type Adjusted = { recordAccountAdjustment: { entry: { amount: { amount: string } } | null; userErrors: { field: string[]; code: string; message: string }[] } };
const correct = async (serviceAccountId: string, amount: string, client = admin) =>
  (await client.data<Adjusted>(ADJUST, { input: { serviceAccountId, kind: 'ADJUSTMENT', amount, memo: 'Final bill overcharged', idempotencyKey: newKey('final-fix') } })).recordAccountAdjustment;
const close = async (id: string) => (await admin.data<{ closeServiceAccount: { serviceAccount: { status: string } | null } }>(CLOSE, { id })).closeServiceAccount.serviceAccount?.status;
const standing = async (id: string) => {
  const account = await accountById(admin, id);
  return { status: account.status, owed: account.balance.amountDueNow.amount, credit: account.balance.credit.amount };
};

/** A Norwalk account (which takes credit while open) with a final bill of `bill` dollars, paid by a guest with `paid`. */
async function finalBillPaid(number: string, bill: string, paid: string) {
  const account = await openAccount(admin, { accountNumber: number, addressLine1: `${number.slice(3, 7)} Elm St` });
  expect((await importCsv(admin, [BILL_HEADER, `Z-${number},${number},2026-11-01,2026-11-22,${bill},,`].join('\n'))).imported).toBe(1);
  if (paid === '0.00') return { account, payment: null };
  const made = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('final'),
    allocations: [{ accountNumber: number, amount: paid }],
    token: await cardToken(platform),
    payerEmail: 'mover@example.com',
  });
  expect(made.userErrors).toEqual([]);
  return { account, payment: made.payment! };
}

it('refuses a correction that would leave a closed, paid account in credit, naming what to refund; the correction goes through once that much is refunded', async () => {
  const { account, payment } = await finalBillPaid('86-0001-00', '50.00', '50.00');
  clock.advance(2 * 86_400_000);
  await platform.runJob('payments.post');
  await signInAgain();
  expect(await close(account.id)).toBe('CLOSED');

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
  expect(await standing(account.id)).toEqual({ status: 'CLOSED', owed: '0.00', credit: '0.00' });

  // Done as the message says: $20 of the payment back to the resident, then the bill corrected; the account holds nothing.
  expect(
    (
      await clerk.data<{ refundPayment: { payment: PaymentShape | null; userErrors: unknown[] } }>(REFUND, {
        input: { paymentId: payment!.id, amount: '20.00', reason: 'Final bill overcharged', idempotencyKey: newKey('refund') },
      })
    ).refundPayment.userErrors,
  ).toEqual([]);
  expect((await correct(account.id, '-20.00')).userErrors).toEqual([]);
  expect(await standing(account.id)).toEqual({ status: 'CLOSED', owed: '0.00', credit: '0.00' });
}, 60_000);

it('takes a correction that only lowers what a closed account still owes, and refuses one that a payment not yet posted would turn into credit', async () => {
  const { account } = await finalBillPaid('86-0002-00', '50.00', '0.00');
  expect(await close(account.id)).toBe('CLOSED');
  expect((await correct(account.id, '-20.00')).userErrors).toEqual([]);
  expect(await standing(account.id)).toEqual({ status: 'CLOSED', owed: '30.00', credit: '0.00' });

  // The $30 left is paid and not posted yet: a further $5 off would leave $5 of it in credit once it posts.
  await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('final'),
    allocations: [{ accountNumber: '86-0002-00', amount: '30.00' }],
    token: await cardToken(platform),
    payerEmail: 'mover@example.com',
  });
  expect((await correct(account.id, '-5.00')).userErrors.map((e) => [e.code, e.message])).toEqual([
    [
      'ACCOUNT_HOLDS_CREDIT',
      'This account is closed and owes $0.00: this credit would leave $5.00 of the resident’s money on an account never billed again. Refund $5.00 of the resident’s payment, then record the correction.',
    ],
  ]);
  // A charge is no credit: a closed account may still be corrected up.
  expect((await correct(account.id, '5.00')).userErrors).toEqual([]);
  expect(await standing(account.id)).toEqual({ status: 'CLOSED', owed: '5.00', credit: '0.00' });
}, 60_000);

it('waits with a credit to a closed account while a payment of it is still being confirmed with the processor', async () => {
  const { account, payment } = await finalBillPaid('86-0003-00', '13.13', '0.00');
  expect(payment).toBeNull();
  expect(await close(account.id)).toBe('CLOSED');
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('final'),
    allocations: [{ accountNumber: '86-0003-00', amount: '13.13' }],
    token: await cardToken(platform),
    payerEmail: 'mover@example.com',
  });
  expect(paid.payment?.status).toBe('UNKNOWN');

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
