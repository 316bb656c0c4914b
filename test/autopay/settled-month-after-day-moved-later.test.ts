import { autopayPlatform } from './autopay-platform';
import { IMPORT_LIST, OPEN_ACCOUNT, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { UPDATE, at, autopayNotices, enroll, myAccounts, newCustomer, processorCharges, type AutopayPayload, type Customer } from './autopay-api';

/*
 * Norwalk deducts on the 15th and reminds 3 days before. Kim enrols on March 10 in an account that owes nothing, so
 * March 12 reminds her of nothing and March 15's run settles her March (SKIPPED, NOTHING_DUE): March is over for her.
 * On March 16 the city moves its deduction day LATER, to the 20th, and Kim's $45.00 bill (due April 10) is imported.
 * March's deduction will not be made again (its row is settled), so the next one is April 20: nothing may tell Kim that
 * autopay takes $45.00 on March 20. Changing autopay on March 19 is answered as enrolling after this month's deduction
 * is (PRODUCT.md): this month is not covered, pay the $45.00 once (it falls due before April 20), autopay next on April 20.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let kim: Customer;
const ACCOUNT = '10-7201-00';

beforeAll(async () => {
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const opened = await staff.data<{ openServiceAccount: { userErrors: unknown[] } }>(OPEN_ACCOUNT, {
    input: { accountNumber: ACCOUNT, customerName: 'Kim Lee', addressLine1: '12350 Firestone Blvd', city: 'Norwalk', region: 'CA', postalCode: '90650' },
  });
  expect(opened.openServiceAccount.userErrors).toEqual([]);
  kim = await newCustomer(env.platform, { email: 'kim.day.moved.later@example.com', accounts: [ACCOUNT] });
  expect(await enroll(await kim.client(), { serviceAccountId: kim.accounts[ACCOUNT]!, paymentMethodId: kim.cardId })).toMatchObject({
    userErrors: [],
    currentCycleCovered: true,
    firstDeductionDate: '2026-03-15',
  });
});

it('neither promises nor shows a March 20 deduction for a March the run already settled, once the day moves to the 20th', async () => {
  at(clock, '2026-03-12T16:00:00Z');
  await autopayRun();
  at(clock, '2026-03-15T08:10:00Z');
  await autopayRun();
  const march = await tenantRows<{ status: string }>(env.platform, 'norwalk', `SELECT status FROM autopay_deductions WHERE cycle = '2026-03'`);
  expect(march).toEqual([{ status: 'SKIPPED' }]);

  at(clock, '2026-03-16T16:00:00Z');
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { deductionDay: 20 } });
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  await staff.data(IMPORT_LIST, { bills: [{ billNumber: `B-${ACCOUNT}`, accountNumber: ACCOUNT, issueDate: '2026-03-16', dueDate: '2026-04-10', water: '45.00' }] });

  for (const day of ['17', '18', '19']) {
    at(clock, `2026-03-${day}T16:00:00Z`);
    await autopayRun();
  }
  const portalShows = (await myAccounts(await kim.client()))[ACCOUNT]?.autopay.nextDeductionDate;
  const reminders = (await autopayNotices(env.platform, 'norwalk', kim.email)).map((n) => [n.template, n.data.deductionDate, n.data.amount]);
  const me = await kim.client();
  const { updateAutopay } = await me.data<{ updateAutopay: AutopayPayload }>(UPDATE, { input: { serviceAccountId: kim.accounts[ACCOUNT]!, paymentMethodId: kim.cardId } });

  at(clock, '2026-03-20T08:10:00Z');
  await autopayRun();
  const charged = (await processorCharges(env.platform)).map((c) => c.amount);

  // Observed: the portal says March 20 and a reminder says "$45.00 ... on March 20, 2026", yet March 20 charges nothing.
  expect({ portalShows, reminders, charged }).toEqual({ portalShows: '2026-04-20', reminders: [], charged: [] });
  expect(updateAutopay).toMatchObject({
    userErrors: [],
    currentCycleCovered: false,
    amountDue: { amount: '45.00' },
    firstDeductionDate: '2026-04-20',
    notice: "This month's automatic payment has already run, so autopay will not pay the $45.00 due now: please make a one-time payment for it. Autopay starts on April 20, 2026.",
    autopay: { status: 'ENROLLED', nextDeductionDate: '2026-04-20' },
  });
});
