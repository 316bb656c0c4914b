import { autopayPlatform } from './autopay-platform';
import { tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { amountDueNow, at, autopayNotices, autopayPayments, newCustomer, type Customer, enrolAutopay } from './autopay-api';

/*
 * A reminder that says autopay will not pay the month is kept to (found by review). Norwalk takes at most $340.00 in
 * one payment: Leo owes $346.55, and his reminder says autopay "will not pay it on March 15. Please pay in parts of
 * $340.00 or less." Maya's maximum is $300.00 and she owes $313.00: hers says "Please make a one-time payment." Each
 * begins paying as told on the 13th. On the 15th autopay took what was left, which each was about to pay themselves.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let leo: Customer;
let maya: Customer;
const LEO = '10-1003-00';
const MAYA = '10-1002-00';

beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { maxPaymentAmount: '340.00' } });
  leo = await newCustomer(env.platform, { email: 'leo.parts@example.com', accounts: [LEO] });
  maya = await newCustomer(env.platform, { email: 'maya.onetime@example.com', accounts: [MAYA] });
  expect(await amountDueNow(leo, LEO)).toBe('346.55');
  expect(await amountDueNow(maya, MAYA)).toBe('313.00');
  await enrolAutopay(leo, leo.accounts[LEO]!);
  await enrolAutopay(maya, maya.accounts[MAYA]!, { maxAmount: '300.00' });
});

const payPart = async (accountNumber: string, amount: string, email: string) => {
  const paid = await pay(env.platform.client.asTenant('norwalk'), { idempotencyKey: newKey(), allocations: [{ accountNumber, amount }], token: await cardToken(env.platform), payerEmail: email });
  expect(paid.payment?.status).toBe('CAPTURED');
};

it('does not take on the deduction day what is left of a month its reminder said it would not pay', async () => {
  at(clock, '2026-03-12T16:10:00Z');
  await autopayRun();
  const [toLeo] = await autopayNotices(env.platform, 'norwalk', leo.email);
  expect(toLeo!.data.message).toBe(
    'Autopay would take $346.55 for account 10-1003-00, more than the $340.00 the city takes in one payment, so it will not pay it on March 15, 2026. Please pay in parts of $340.00 or less.',
  );
  const [toMaya] = await autopayNotices(env.platform, 'norwalk', maya.email);
  expect(toMaya!.data.message).toBe(
    'Autopay would take $313.00 for account 10-1002-00, more than your autopay maximum of $300.00, so it will not pay it on March 15, 2026. Please make a one-time payment.',
  );

  at(clock, '2026-03-13T17:00:00Z');
  await payPart(LEO, '200.00', leo.email);
  await payPart(MAYA, '100.00', maya.email);

  at(clock, '2026-03-15T08:10:00Z');
  await autopayRun();
  expect(await autopayPayments(env.platform, 'norwalk')).toEqual([]);
  const outcomes = await tenantRows<{ account_number: string; kind: string; reason: string }>(
    env.platform,
    'norwalk',
    'SELECT a.account_number, o.kind, o.reason FROM autopay_outcomes o JOIN service_accounts a ON a.id = o.service_account_id ORDER BY a.account_number',
  );
  expect(outcomes).toEqual([
    { account_number: MAYA, kind: 'SKIPPED', reason: 'TOLD_NOT_PAID' },
    { account_number: LEO, kind: 'SKIPPED', reason: 'TOLD_NOT_PAID' },
  ]);
  // Nothing more to tell them: they were told, and are paying it.
  expect((await autopayNotices(env.platform, 'norwalk', leo.email)).map((n) => n.template)).toEqual(['AUTOPAY_REMINDER']);
  expect((await autopayNotices(env.platform, 'norwalk', maya.email)).map((n) => n.template)).toEqual(['AUTOPAY_REMINDER']);
});
