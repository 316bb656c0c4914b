import { autopayPlatform } from './autopay-platform';
import { signInStaff } from '../billing/billing-api';
import {
  CARDS,
  ENROLLMENTS,
  UPDATE,
  at,
  autopayNotices,
  myAccounts,
  newCustomer,
  openAccountWithBill,
  processorCharges,
  saveCard,
  statementsDuring,
  type AutopayPayload,
  type AutopayShape,
  type Customer,
  enrolAutopay,
} from './autopay-api';

/*
 * Norwalk deducts on the 15th and retries a declined card 3 days later.
 * Ana's card is declined on March 15 for both her accounts; on the 16th,
 * before the retries, she puts other cards on autopay. The retries charge
 * those cards on March 18, so March 18 is the deduction she is told of and
 * her autopay shows, not April 15, and a card need only last until then.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let ana: Customer;
/** Her answers on March 16: a Visa on 77-5001-00, a Visa expiring this month on 77-5002-00. */
let updated: Record<string, AutopayPayload>;

beforeAll(async () => {
  await openAccountWithBill(env.platform, '77-5001-00', '60.00');
  await openAccountWithBill(env.platform, '77-5002-00', '70.00');
  ana = await newCustomer(env.platform, { email: 'ana.retry@example.com', accounts: ['77-5001-00', '77-5002-00'], card: CARDS.genericDecline });
  for (const accountNumber of ['77-5001-00', '77-5002-00']) {
    await enrolAutopay(ana, ana.accounts[accountNumber]!);
  }

  // 00:10 on March 15 in Norwalk: both deductions are declined, and she is told they will be tried again on the 18th.
  at(clock, '2026-03-15T07:10:00Z');
  await autopayRun();
  const failed = (await autopayNotices(env.platform, 'norwalk', ana.email)).filter((n) => n.template === 'AUTOPAY_FAILED');
  expect(failed.map((n) => n.data.nextAttemptOn)).toEqual(['2026-03-18', '2026-03-18']);

  // March 16, noon.
  at(clock, '2026-03-16T19:00:00Z');
  const me = await ana.client();
  // Two cards: the Visa saved again with an earlier expiry would be the wallet's one Visa, good through 2030.
  const cards = { '77-5001-00': await saveCard(env.platform, me, CARDS.visa), '77-5002-00': await saveCard(env.platform, me, CARDS.mastercard, 3, 2026) };
  updated = {};
  for (const [accountNumber, cardId] of Object.entries(cards)) {
    const { updateAutopay } = await me.data<{ updateAutopay: AutopayPayload }>(UPDATE, { input: { serviceAccountId: ana.accounts[accountNumber], paymentMethodId: cardId } });
    updated[accountNumber] = updateAutopay;
  }
});

const nextDeductions = (autopay: Record<string, { autopay: AutopayShape }>) => Object.fromEntries(Object.entries(autopay).map(([number, a]) => [number, a.autopay.nextDeductionDate]));

it('tells her the new card pays on the date of the retry, not next month', () => {
  expect(updated['77-5001-00']).toMatchObject({
    userErrors: [],
    currentCycleCovered: true,
    firstDeductionDate: '2026-03-18',
    notice: 'Autopay will pay the $60.00 due on March 18, 2026.',
    autopay: { nextDeductionDate: '2026-03-18', method: { last4: '4242', expiresBeforeNextDeduction: false } },
  });
});

it('takes a card that lasts until the retry, though not until next month', () => {
  expect(updated['77-5002-00']).toMatchObject({
    userErrors: [],
    firstDeductionDate: '2026-03-18',
    autopay: { nextDeductionDate: '2026-03-18', method: { expMonth: 3, expYear: 2026, expiresBeforeNextDeduction: false } },
  });
});

it("shows the retry's date on her accounts and on the staff list, reading the retries of all of them in one statement", async () => {
  const me = await ana.client();
  let accounts: Awaited<ReturnType<typeof myAccounts>> = {};
  const statements = await statementsDuring(env.platform, async () => (accounts = await myAccounts(me)));
  expect(nextDeductions(accounts)).toEqual({ '77-5001-00': '2026-03-18', '77-5002-00': '2026-03-18' });
  expect(statements.filter((sql) => sql.includes('autopay_deductions'))).toHaveLength(1);

  const staff = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
  const { autopayEnrollments } = await staff.data<{ autopayEnrollments: { edges: { node: { serviceAccount: { accountNumber: string }; autopay: AutopayShape } }[] } }>(ENROLLMENTS, {
    status: 'ENROLLED',
  });
  const listed = Object.fromEntries(autopayEnrollments.edges.map(({ node }) => [node.serviceAccount.accountNumber, node]));
  expect(nextDeductions(listed)).toEqual({ '77-5001-00': '2026-03-18', '77-5002-00': '2026-03-18' });
});

it('charges the new cards on March 18, then names April 15, before which the March card expires', async () => {
  at(clock, '2026-03-18T07:10:00Z');
  await autopayRun();
  // A declined attempt leaves no charge at the processor: these are all the money taken.
  const charged = await processorCharges(env.platform);
  expect(charged.map((c) => [c.last4, c.amount, c.createdAt.slice(0, 10)]).sort()).toEqual([
    ['4242', '6000', '2026-03-18'],
    ['4444', '7000', '2026-03-18'],
  ]);

  const accounts = await myAccounts(await ana.client());
  expect(nextDeductions(accounts)).toEqual({ '77-5001-00': '2026-04-15', '77-5002-00': '2026-04-15' });
  expect(accounts['77-5002-00']!.autopay.method).toMatchObject({ expMonth: 3, expiresBeforeNextDeduction: true });
});
