import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { REFUND, cardToken, newKey, pay, type PaymentShape } from './payments-api';

// A payment may pay several accounts at once (a Norwalk guest paying two). Staff refunding it from one account's
// page ask for that account's share back (refundPayment's serviceAccountId): the refund comes off that account alone,
// never more than its share has left, while the other accounts' shares stand. Without an account, a refund is taken
// from the lines in order, as before.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let staff: GraphQLTestClient;
let accounts: { readonly carter: string; readonly lopez: string };
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const rows = await tenantRows<{ id: string; account_number: string }>(platform, 'norwalk', "SELECT id, account_number FROM service_accounts WHERE account_number IN ('10-1001-00', '10-1002-00')");
  const idOf = (number: string) => rows.find((row) => row.account_number === number)!.id;
  accounts = { carter: idOf('10-1002-00'), lopez: idOf('10-1001-00') };
});
afterAll(() => platform.close());

type Payload = {
  payment: (Omit<PaymentShape, 'allocations'> & { allocations: { serviceAccountId: string; refunded: { amount: string } }[] }) | null;
  userErrors: { field: string[]; code: string; message: string }[];
};
const REFUND_WITH_SHARES = REFUND.replace('allocations { serviceAccountId', 'allocations { refunded { amount } serviceAccountId');
const refund = async (input: Record<string, unknown>) => (await staff.data<{ refundPayment: Payload }>(REFUND_WITH_SHARES, { input })).refundPayment;

/** $30.00 to James Carter's account (the first line), $20.00 to Maria Lopez's, in one payment. */
async function payBoth(): Promise<string> {
  const { payment, userErrors } = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('two-accounts'),
    allocations: [
      { accountNumber: '10-1002-00', amount: '30.00' },
      { accountNumber: '10-1001-00', amount: '20.00' },
    ],
    payerEmail: 'two.accounts@example.com',
    token: await cardToken(platform),
  });
  expect(userErrors).toEqual([]);
  return payment!.id;
}

/** The payment's REFUND ledger entries, per account, in cents. */
async function refundsOnLedger(paymentId: string): Promise<Record<string, string[]>> {
  const rows = await tenantRows<{ service_account_id: string; cents: string }>(
    platform,
    'norwalk',
    `SELECT service_account_id, amount_cents::text AS cents FROM ledger_entries WHERE payment_id = $1 AND kind = 'REFUND' ORDER BY recorded_at, amount_cents`,
    [paymentId],
  );
  return { carter: rows.filter((r) => r.service_account_id === accounts.carter).map((r) => r.cents), lopez: rows.filter((r) => r.service_account_id === accounts.lopez).map((r) => r.cents) };
}

const sharesRefunded = (payload: Payload) => Object.fromEntries(payload.payment!.allocations.map((a) => [a.serviceAccountId === accounts.carter ? 'carter' : 'lopez', a.refunded.amount]));

describe('a refund asked of one account a payment paid', () => {
  it('comes off that account’s share alone, and a later refund without an account comes off the lines in order', async () => {
    const paymentId = await payBoth();
    const fromLopez = await refund({ paymentId, serviceAccountId: accounts.lopez, amount: '20.00', reason: 'Paid this account twice', idempotencyKey: newKey() });
    expect(fromLopez.userErrors).toEqual([]);
    expect({ status: fromLopez.payment!.status, refunded: fromLopez.payment!.refunded.amount, shares: sharesRefunded(fromLopez) }).toEqual({
      status: 'PARTIALLY_REFUNDED',
      refunded: '20.00',
      shares: { carter: '0.00', lopez: '20.00' },
    });
    expect(await refundsOnLedger(paymentId)).toEqual({ carter: [], lopez: ['2000'] });

    // Maria Lopez's share is all given back; James Carter's stands, and a refund without an account takes from it.
    const more = await refund({ paymentId, amount: '5.00', reason: 'Goodwill', idempotencyKey: newKey() });
    expect(more.userErrors).toEqual([]);
    expect(sharesRefunded(more)).toEqual({ carter: '5.00', lopez: '20.00' });
    expect(await refundsOnLedger(paymentId)).toEqual({ carter: ['500'], lopez: ['2000'] });
  });

  it('is refused beyond what that account’s share has left, and for an account the payment did not pay, at the field that is wrong', async () => {
    const paymentId = await payBoth();
    const tooMuch = await refund({ paymentId, serviceAccountId: accounts.lopez, amount: '20.01', reason: 'Too much', idempotencyKey: newKey() });
    expect(tooMuch.userErrors).toEqual([{ field: ['input', 'amount'], code: 'REFUND_TOO_LARGE', message: 'At most $20.00 of what this payment put on this account is left to refund.' }]);
    const [other] = await tenantRows<{ id: string }>(platform, 'norwalk', "SELECT id FROM service_accounts WHERE account_number NOT IN ('10-1001-00', '10-1002-00') LIMIT 1");
    const notPaid = await refund({ paymentId, serviceAccountId: other!.id, amount: '1.00', reason: 'Wrong account', idempotencyKey: newKey() });
    expect(notPaid.userErrors).toEqual([{ field: ['input', 'serviceAccountId'], code: 'ACCOUNT_NOT_FOUND', message: 'This payment did not pay that account.' }]);
    expect(await refundsOnLedger(paymentId)).toEqual({ carter: [], lopez: [] });
  });

  it('is done once per key; the key sent again for another account is refused as a key reused', async () => {
    const paymentId = await payBoth();
    const key = newKey();
    const first = await refund({ paymentId, serviceAccountId: accounts.carter, amount: '10.00', reason: 'Overcharged', idempotencyKey: key });
    const again = await refund({ paymentId, serviceAccountId: accounts.carter, amount: '10.00', reason: 'Overcharged', idempotencyKey: key });
    const otherAccount = await refund({ paymentId, serviceAccountId: accounts.lopez, amount: '10.00', reason: 'Overcharged', idempotencyKey: key });
    const noAccount = await refund({ paymentId, amount: '10.00', reason: 'Overcharged', idempotencyKey: key });
    expect([first, again].map((r) => [r.userErrors, r.payment?.refunded.amount])).toEqual([
      [[], '10.00'],
      [[], '10.00'],
    ]);
    expect([otherAccount, noAccount].map((r) => r.userErrors.map((e) => [e.field, e.code]))).toEqual([
      [[['input', 'idempotencyKey'], 'IDEMPOTENCY_KEY_REUSED']],
      [[['input', 'idempotencyKey'], 'IDEMPOTENCY_KEY_REUSED']],
    ]);
    expect(await refundsOnLedger(paymentId)).toEqual({ carter: ['1000'], lopez: [] });
  });
});
