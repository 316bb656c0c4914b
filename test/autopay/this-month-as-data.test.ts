import { autopayPlatform } from './autopay-platform';
import { at, enroll, newCustomer, openAccountWithBill, type AutopayPayload } from './autopay-api';

/*
 * What an enrolment means for this month comes as data as well as in the
 * request's words, so a client can say it in its own language (the portal
 * after a switch of language) without losing a warning: `thisMonth` names
 * which of the notice's sentences it is, and `deduction` the amounts that
 * sentence names (what it pays, the city's fee, what the card is charged,
 * the most the city takes in one payment), the maximum being
 * `autopay.maxAmount`. Each variant with the sentence the server writes for
 * it. Norwalk deducts on the 15th; here with a $2.50 fee and $340.00 the
 * most it takes in one payment.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z', { jobs: false });
const { clock } = env;
beforeAll(async () => {
  const rules = await env.platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
    'mutation Rules($input: UpdateTenantInput!) { updateTenant(slug: "norwalk", input: $input) { userErrors { code } } }',
    { input: { paymentRules: { convenienceFee: { kind: 'FLAT', amount: '2.50' }, maxPaymentAmount: '340.00' } } },
  );
  expect(rules.updateTenant.userErrors).toEqual([]);
});

/** A new customer's enrolment of one account, with an optional maximum. */
async function enrolled(email: string, accountNumber: string, maxAmount: string | null = null): Promise<AutopayPayload> {
  const customer = await newCustomer(env.platform, { email, accounts: [accountNumber] });
  return enroll(await customer.client(), { serviceAccountId: customer.accounts[accountNumber]!, paymentMethodId: customer.cardId, maxAmount });
}

const deduction = (amount: string, fee: string, total: string) => ({ amount: { amount }, fee: { amount: fee }, total: { amount: total }, paymentLimit: { amount: '340.00' } });

it('WILL_PAY: the amount it pays, the fee and what the card is charged', async () => {
  expect(await enrolled('will.pay@example.com', '10-1001-00')).toMatchObject({
    userErrors: [],
    thisMonth: 'WILL_PAY',
    deduction: deduction('88.05', '2.50', '90.55'),
    notice: 'Autopay will pay the $88.05 due on March 15, 2026, charging $90.55 with the $2.50 convenience fee.',
  });
});

it('OVER_MAXIMUM: what the card would be charged, over the maximum, so the month is not paid', async () => {
  expect(await enrolled('over.maximum@example.com', '10-1002-00', '313.00')).toMatchObject({
    userErrors: [],
    thisMonth: 'OVER_MAXIMUM',
    autopay: { maxAmount: { amount: '313.00' } },
    deduction: deduction('313.00', '2.50', '315.50'),
    notice: 'Autopay would take $315.50, more than your autopay maximum of $313.00, so it will not pay it on March 15, 2026. Please make a one-time payment.',
  });
});

it('OVER_PAYMENT_LIMIT: more than the city takes in one payment, so the month is not paid', async () => {
  expect(await enrolled('over.limit@example.com', '10-1003-00')).toMatchObject({
    userErrors: [],
    thisMonth: 'OVER_PAYMENT_LIMIT',
    deduction: deduction('346.55', '2.50', '349.05'),
    notice: 'Autopay would take $349.05, more than the $340.00 the city takes in one payment, so it will not pay it on March 15, 2026. Please pay in parts of $340.00 or less.',
  });
});

it('NOTHING_DUE: an account in credit, with no deduction weighed', async () => {
  expect(await enrolled('in.credit@example.com', '10-1004-00')).toMatchObject({
    userErrors: [],
    thisMonth: 'NOTHING_DUE',
    deduction: null,
    notice: 'Autopay starts on March 15, 2026.',
  });
});

it("NOT_COVERED: after the deduction day, the amount due is the customer's to pay once, and no deduction is weighed this month", async () => {
  await openAccountWithBill(env.platform, '10-9301-00', '40.00');
  at(clock, '2026-03-16T18:00:00Z');
  expect(await enrolled('not.covered@example.com', '10-9301-00')).toMatchObject({
    userErrors: [],
    currentCycleCovered: false,
    thisMonth: 'NOT_COVERED',
    amountDue: { amount: '40.00' },
    deduction: null,
    notice: "This month's automatic payment has already run, so autopay will not pay the $40.00 due now: please make a one-time payment for it. Autopay starts on April 15, 2026.",
  });
});

it('a refused enrolment says nothing of this month', async () => {
  expect(await enrolled('refused@example.com', '10-1001-00', 'ten dollars')).toMatchObject({
    userErrors: [{ field: ['input', 'maxAmount'], code: 'INVALID_AMOUNT' }],
    thisMonth: null,
    deduction: null,
    notice: null,
  });
});
