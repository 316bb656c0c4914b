import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { LOOKUP, signInStaff } from './billing-api';
import { tenantRows } from '../customers/customer-api';
import { VOID, newKey } from '../payments/payments-api';

/*
 * Norman proves an account with its number and "the amount
 * of its last payment". A cash payment recorded at the counter on the wrong
 * account, and voided that day (it never happened), stays the account's
 * "last payment": its holder, answering with their real last payment, is
 * refused; anyone who saw the mistaken receipt is let in.
 */

// Seeded payments are dated from the real day the templates were made: "now" comes after them.
const clock = new FixedClock(new Date(Date.now() + 3 * 24 * 3600_000));
let platform: TestPlatform;
let clerk: GraphQLTestClient;
let colleague: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, demoDataAt: 'today', trustProxy: true });
  clerk = await signInStaff(platform, 'norman', 'SUPPORT');
  colleague = await signInStaff(platform, 'norman', 'SUPPORT');
});
afterAll(() => platform.close());

let address = 1;
const lookUp = async (lastPaymentAmount: string) =>
  (
    await platform.client
      .asTenant('norman')
      .withHeaders({ 'x-forwarded-for': `192.0.2.${address++}` })
      .data<{ lookupAccount: { account: { accountNumber: string } | null; userErrors: { code: string }[] } }>(LOOKUP, { input: { accountNumber: '2001-0417', lastPaymentAmount } })
  ).lookupAccount;

it('a counter payment voided as recorded in error is not the account’s last payment', async () => {
  expect((await lookUp('100.65')).account?.accountNumber).toBe('2001-0417');
  const [account] = await tenantRows<{ id: string }>(platform, 'norman', "SELECT id FROM service_accounts WHERE account_number = '2001-0417'");
  const { recordCounterPayment } = await clerk.data<{ recordCounterPayment: { payment: { id: string; status: string } | null } }>(
    'mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id status } userErrors { code } } }',
    { input: { idempotencyKey: newKey('counter'), allocations: [{ serviceAccountId: account!.id, amount: '77.77' }], method: 'CASH', cashReceived: '77.77', receivedBy: 'Pat Clerk' } },
  );
  expect(recordCounterPayment.payment?.status).toBe('POSTED');
  const { voidPayment } = await colleague.data<{ voidPayment: { payment: { status: string } | null } }>(VOID, {
    input: { paymentId: recordCounterPayment.payment!.id, reason: 'Rang up on the wrong account' },
  });
  expect(voidPayment.payment?.status).toBe('VOIDED');

  const real = await lookUp('100.65');
  const voided = await lookUp('77.77');
  expect(real.account?.accountNumber).toBe('2001-0417');
  expect(voided.account).toBeNull();
});
