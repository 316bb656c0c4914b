import { autopayPlatform } from './autopay-platform';
import { CARDS, at, autopayNotices, autopayPayments, enroll, myAccounts, newCustomer, type Customer } from './autopay-api';

/*
 * A customer's autopay maximum is the most one deduction may take from their
 * card, and the city's convenience fee is part of what it takes. With a $2.50
 * fee, a maximum equal to the amount due is $2.50 short: the reminder says
 * so, with the amount the card would be charged, and the run charges nothing.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let maya: Customer;
let leo: Customer;
/** A card that is always declined. */
let dora: Customer;
beforeAll(async () => {
  const fee = await env.platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
    'mutation Fee($input: UpdateTenantInput!) { updateTenant(slug: "norwalk", input: $input) { userErrors { code } } }',
    { input: { paymentRules: { convenienceFee: { kind: 'FLAT', amount: '2.50' }, maxPaymentAmount: '340.00' } } },
  );
  expect(fee.updateTenant.userErrors).toEqual([]);
  maya = await newCustomer(env.platform, { email: 'maya.max@example.com', accounts: ['10-1002-00'] });
  leo = await newCustomer(env.platform, { email: 'leo.limit@example.com', accounts: ['10-1003-00'] });
  dora = await newCustomer(env.platform, { email: 'dora.declined@example.com', accounts: ['10-1001-00'], card: CARDS.genericDecline });
});

it('counts the fee against the maximum, at enrolment, in the reminder and in the run; warns of more than the city takes in one payment', async () => {
  const me = await maya.client();
  const due = (await myAccounts(me))['10-1002-00']!.balance.amountDueNow.amount;
  expect(due).toBe('313.00');
  const enrolled = await enroll(me, { serviceAccountId: maya.accounts['10-1002-00']!, paymentMethodId: maya.cardId, maxAmount: due });
  expect(enrolled).toMatchObject({
    userErrors: [],
    notice: 'Autopay would take $315.50, more than your autopay maximum of $313.00, so it will not pay it on March 15, 2026. Please make a one-time payment.',
  });
  // $346.55 due, over the city's $340.00 for one payment.
  expect(await enroll(await leo.client(), { serviceAccountId: leo.accounts['10-1003-00']!, paymentMethodId: leo.cardId })).toMatchObject({
    userErrors: [],
    notice: 'Autopay would take $349.05, more than the $340.00 the city takes in one payment, so it will not pay it on March 15, 2026. Please pay in parts of $340.00 or less.',
  });

  at(clock, '2026-03-12T15:10:00Z');
  await autopayRun();
  const [reminder] = await autopayNotices(env.platform, 'norwalk', maya.email);
  expect(reminder).toMatchObject({ template: 'AUTOPAY_REMINDER', data: { amount: '$315.50', exceedsMaximum: 'true', exceedsPaymentLimit: 'false' } });
  const [toLeo] = await autopayNotices(env.platform, 'norwalk', leo.email);
  expect(toLeo).toMatchObject({ template: 'AUTOPAY_REMINDER', data: { amount: '$349.05', exceedsPaymentLimit: 'true' } });
  expect(toLeo!.data.message).toBe(
    'Autopay would take $349.05 for account 10-1003-00, more than the $340.00 the city takes in one payment, so it will not pay it on March 15, 2026. Please pay in parts of $340.00 or less.',
  );

  at(clock, '2026-03-15T18:00:00Z');
  await autopayRun();
  expect(await autopayPayments(env.platform, 'norwalk')).toEqual([]);
});

it('tells a declined deduction by what the card was asked for, the fee included, as the reminder did', async () => {
  at(clock, '2026-04-10T18:00:00Z');
  const me = await dora.client();
  const due = (await myAccounts(me))['10-1001-00']!.balance.amountDueNow.amount;
  expect(due).toBe('88.05');
  // What the card will be asked for, the fee included, as the reminder will say.
  expect(await enroll(me, { serviceAccountId: dora.accounts['10-1001-00']!, paymentMethodId: dora.cardId })).toMatchObject({
    userErrors: [],
    notice: 'Autopay will pay the $88.05 due on April 15, 2026, charging $90.55 with the $2.50 convenience fee.',
  });
  at(clock, '2026-04-12T15:10:00Z');
  await autopayRun();
  at(clock, '2026-04-15T18:00:00Z');
  await autopayRun();
  const notices = await autopayNotices(env.platform, 'norwalk', dora.email);
  expect(notices.map((n) => [n.template, n.data.amount])).toEqual([
    ['AUTOPAY_REMINDER', '$90.55'],
    ['AUTOPAY_FAILED', '$90.55'],
  ]);
  expect(notices[1]!.data.message).toContain('$90.55');
});
