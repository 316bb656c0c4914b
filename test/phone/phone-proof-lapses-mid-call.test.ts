import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { ADJUST, openAccount, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { PhoneCall, NORMAN_LINE } from './phone-call';

/*
 * A Norman caller proves their account with its number and last payment
 * amount, and keys their card; meanwhile an earlier payment of the account
 * posts (the web, yesterday), so its last payment is another amount now. The
 * payment proves the account again and fails: no card can fix that, and the
 * caller was offered another card, each one failing alike and spending the
 * account's look-up failures. They hear why nothing was charged and prove
 * the account again, as it is now.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ jobs: true });
});
afterAll(() => platform.close());

it('sends a Norman caller whose last payment changed while they keyed their card back to the account, not to another card', async () => {
  const staff = await signInStaff(platform, 'norman', 'ADMIN');
  const account = await openAccount(staff, { accountNumber: '2999-0418', city: 'Norman', region: 'OK', postalCode: '73069' });
  const adjusted = await staff.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, {
    input: { serviceAccountId: account.id, kind: 'ADJUSTMENT', amount: '100.00', memo: 'Water, one month', idempotencyKey: `owing-${account.id}` },
  });
  expect(adjusted.recordAccountAdjustment.userErrors).toEqual([]);
  // Yesterday, on the web: $30.00, never paid before ("0.00"). Captured, not posted yet.
  const web = await pay(platform.client.asTenant('norman'), {
    idempotencyKey: newKey(),
    token: await cardToken(platform),
    payerEmail: 'pat@example.com',
    allocations: [{ accountNumber: '2999-0418', lastPaymentAmount: '0.00', amount: '30.00' }],
  });
  expect(web.userErrors).toEqual([]);

  const call = new PhoneCall(platform, NORMAN_LINE);
  await call.dial();
  await call.press('29990418');
  expect((await call.press('0')).text).toContain('For the account ending in 0, 4, 1, 8');
  await call.press('2');
  await call.press('1000');
  expect((await call.payWith(SANDBOX_TEST_CARDS.visa)).text).toContain('You are paying $10.00');

  // The web payment posts while the caller keys their card.
  await tenantRows(platform, 'norman', 'UPDATE payments SET expected_posting_date = current_date - 1 WHERE id = $1', [web.payment!.id]);
  await platform.runJob('payments.post');

  const confirmed = await call.press('1');
  expect({ said: confirmed.said, pay: confirmed.pay, hangsUp: confirmed.hangsUp }).toEqual({
    said: [
      'We could not take this payment, and nothing was charged: we could no longer verify the account with the last payment amount you gave. If a payment has posted to it during this call, that payment is its last payment now.',
      'Please enter your account number using your telephone keypad, then press pound.',
    ],
    pay: false,
    hangsUp: false,
  });
  const [row] = await tenantRows<{ state: { accountNumber?: string; card?: unknown; step: string } }>(platform, 'norman', 'SELECT state FROM phone_calls WHERE call_sid = $1', [call.sid]);
  expect(row!.state).toMatchObject({ step: 'ACCOUNT', accountTries: 0 });
  expect(row!.state.accountNumber).toBeUndefined();
  expect(row!.state.card).toBeUndefined();

  // Proved again with the payment that posted, the caller pays.
  await call.press('29990418');
  expect((await call.press('3000')).text).toContain('For the account ending in 0, 4, 1, 8');
  await call.press('2');
  await call.press('1000');
  await call.payWith(SANDBOX_TEST_CARDS.visa);
  expect((await call.press('1')).text).toContain('Your payment of $10.00 was accepted.');
  const payments = await tenantRows<{ status: string }>(platform, 'norman', 'SELECT status FROM payments WHERE idempotency_key LIKE $1', [`phone:${call.sid}:%`]);
  expect(payments).toEqual([{ status: 'CAPTURED' }]);
});
