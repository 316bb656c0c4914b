import { autopayPlatform } from './autopay-platform';
import { IMPORT_LIST, OPEN_ACCOUNT, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { RUN_AUTOPAY, at, autopayNotices, enroll, myAccounts, newCustomer, openAccountWithBill, processorCharges, type Customer, type RunShape } from './autopay-api';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * Norwalk deducts on the 15th and, here, reminds 7 days before. On March 8
 * Maria ($60.00) and James ($70.00) are told "we will charge on March 15".
 * On the 10th the city moves its deduction day EARLIER, to the 5th: March's
 * deduction date has then passed, but the two were promised the 15th, so
 * they are charged on the 15th, not at once. Kim, reminded of nothing (she
 * owes nothing), has her March settled on the new day at once, as before.
 * April follows the new day. On May 1, after May's reminders promised the
 * 5th, the city moves the day LATER, to the 20th: May is still charged on
 * the 5th as promised, and June on the 20th.
 */

const env = autopayPlatform('2026-03-01T18:00:00Z');
const { clock, autopayRun } = env;
let maria: Customer;
let james: Customer;
let kim: Customer;
beforeAll(async () => {
  await moveDeduction({ reminderDaysBefore: 7 });
  await openAccountWithBill(env.platform, '10-6001-00', '60.00');
  await openAccountWithBill(env.platform, '10-6002-00', '70.00');
  await openAccount('10-6003-00');
  maria = await newCustomer(env.platform, { email: 'maria.moved@example.com', accounts: ['10-6001-00'] });
  james = await newCustomer(env.platform, { email: 'james.moved@example.com', accounts: ['10-6002-00'] });
  kim = await newCustomer(env.platform, { email: 'kim.moved@example.com', accounts: ['10-6003-00'] });
  for (const [customer, account] of [
    [maria, '10-6001-00'],
    [james, '10-6002-00'],
    [kim, '10-6003-00'],
  ] as const) {
    const enrolled = await enroll(await customer.client(), { serviceAccountId: customer.accounts[account]!, paymentMethodId: customer.cardId });
    expect(enrolled).toMatchObject({ userErrors: [], currentCycleCovered: true, firstDeductionDate: '2026-03-15' });
  }
});

/** The hourly pass late in the morning of a city date (Los Angeles). */
const passOn = async (date: string) => {
  at(clock, `${date}T18:00:00Z`);
  await autopayRun();
};
const chargedAmounts = async () => (await processorCharges(env.platform)).map((c) => c.amount).sort();

/** Changes Norwalk's autopay rules through the API, as the city's settings are changed (the env.platform operator's updateTenant). */
const moveDeduction = (autopayRules: { deductionDay?: number; reminderDaysBefore?: number }) => changeCitySettings(env.platform, 'norwalk', { autopayRules });

async function openAccount(accountNumber: string): Promise<void> {
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const opened = await staff.data<{ openServiceAccount: { userErrors: unknown[] } }>(OPEN_ACCOUNT, {
    input: { accountNumber, customerName: 'Kim Lee', addressLine1: '12350 Firestone Blvd', city: 'Norwalk', region: 'CA', postalCode: '90650' },
  });
  expect(opened.openServiceAccount.userErrors).toEqual([]);
}

async function importBills(bills: { billNumber: string; accountNumber: string; issueDate: string; dueDate: string; water: string }[]): Promise<void> {
  // On the day they are issued: the import refuses a bill issued after the city's today.
  at(clock, `${bills[0]!.issueDate}T18:00:00Z`);
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const imported = await staff.data<{ importBills: { imported: number } }>(IMPORT_LIST, { bills });
  expect(imported.importBills.imported).toBe(bills.length);
}

/** March's deduction of each account, as autopay recorded it. */
const marchDeductions = () =>
  tenantRows<{ account_number: string; status: string; deduction_date: string; first_attempted_on: string | null }>(
    env.platform,
    'norwalk',
    `SELECT a.account_number, d.status, d.deduction_date::text, d.first_attempted_on::text
       FROM autopay_deductions d JOIN service_accounts a ON a.id = d.service_account_id WHERE d.cycle = '2026-03' ORDER BY a.account_number`,
  );

/** The next deduction date the customer's portal shows for the account. */
const nextDeduction = async (customer: Customer, accountNumber: string) => (await myAccounts(await customer.client()))[accountNumber]?.autopay.nextDeductionDate;

/** The dates each reminder named, oldest first. */
const remindedDates = async (customer: Customer) => (await autopayNotices(env.platform, 'norwalk', customer.email)).filter((n) => n.template === 'AUTOPAY_REMINDER').map((n) => n.data.deductionDate);

describe('a deduction day moved earlier after the reminders went out', () => {
  it('reminds Maria and James on the 8th of a charge on the 15th', async () => {
    await passOn('2026-03-07');
    expect(await remindedDates(maria)).toEqual([]);
    await passOn('2026-03-08');
    expect(await remindedDates(maria)).toEqual(['2026-03-15']);
    expect(await remindedDates(james)).toEqual(['2026-03-15']);
    // Kim owes nothing yet: nothing to announce.
    expect(await remindedDates(kim)).toEqual([]);
  });

  it('charges nobody on the 10th, when the day moves to the 5th, nor until the 15th', async () => {
    at(clock, '2026-03-10T17:00:00Z');
    await moveDeduction({ deductionDay: 5 });
    await passOn('2026-03-10');
    const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const run = await admin.data<{ runAutopay: { run: RunShape; userErrors: unknown[] } }>(RUN_AUTOPAY, { date: '2026-03-10' });
    expect(run.runAutopay).toMatchObject({ userErrors: [], run: { summary: { charged: 0, failed: 0, skipped: 0 } } });
    await passOn('2026-03-14');
    expect(await processorCharges(env.platform)).toEqual([]);
    // The portal shows the date she was promised, not April 5.
    expect(await nextDeduction(maria, '10-6001-00')).toBe('2026-03-15');
  });

  it('settles the month of an account reminded of nothing on the new day, as before', async () => {
    // Kim was promised no date: her March was due from the 5th, so the pass on the 10th settled it (nothing owed).
    expect(await marchDeductions()).toEqual([{ account_number: '10-6003-00', status: 'SKIPPED', deduction_date: '2026-03-05', first_attempted_on: null }]);
    expect(await remindedDates(kim)).toEqual([]);
  });

  it('charges Maria and James once each on the 15th, the date their reminder named', async () => {
    await passOn('2026-03-15');
    await autopayRun();
    const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const rerun = await admin.data<{ runAutopay: { run: RunShape; userErrors: unknown[] } }>(RUN_AUTOPAY, { date: '2026-03-15' });
    expect(rerun.runAutopay).toMatchObject({ userErrors: [], run: { summary: { charged: 0 } } });
    expect(await chargedAmounts()).toEqual(['6000', '7000']);
    expect(await nextDeduction(maria, '10-6001-00')).toBe('2026-04-05');
    expect(await marchDeductions()).toEqual([
      { account_number: '10-6001-00', status: 'CHARGED', deduction_date: '2026-03-15', first_attempted_on: '2026-03-15' },
      { account_number: '10-6002-00', status: 'CHARGED', deduction_date: '2026-03-15', first_attempted_on: '2026-03-15' },
      { account_number: '10-6003-00', status: 'SKIPPED', deduction_date: '2026-03-05', first_attempted_on: null },
    ]);
  });

  it('follows the new day the next month: reminds on March 29 of April 5, and charges then', async () => {
    await importBills([
      { billNumber: 'APR-6001', accountNumber: '10-6001-00', issueDate: '2026-03-25', dueDate: '2026-04-20', water: '61.00' },
      { billNumber: 'APR-6002', accountNumber: '10-6002-00', issueDate: '2026-03-25', dueDate: '2026-04-20', water: '71.00' },
    ]);
    await passOn('2026-03-29');
    expect(await remindedDates(maria)).toEqual(['2026-03-15', '2026-04-05']);
    expect(await remindedDates(james)).toEqual(['2026-03-15', '2026-04-05']);
    await passOn('2026-04-04');
    expect(await chargedAmounts()).toEqual(['6000', '7000']);
    await passOn('2026-04-05');
    expect(await chargedAmounts()).toEqual(['6000', '6100', '7000', '7100']);
  });
});

describe('a deduction day moved later after the reminders went out', () => {
  it('still charges on the date the reminder named, May 5, not on the new day', async () => {
    await importBills([
      { billNumber: 'MAY-6001', accountNumber: '10-6001-00', issueDate: '2026-04-25', dueDate: '2026-05-20', water: '62.00' },
      { billNumber: 'MAY-6002', accountNumber: '10-6002-00', issueDate: '2026-04-25', dueDate: '2026-05-20', water: '72.00' },
    ]);
    await passOn('2026-04-28');
    expect(await remindedDates(maria)).toEqual(['2026-03-15', '2026-04-05', '2026-05-05']);
    at(clock, '2026-05-01T17:00:00Z');
    await moveDeduction({ deductionDay: 20 });
    await passOn('2026-05-04');
    expect(await chargedAmounts()).toEqual(['6000', '6100', '7000', '7100']);
    expect(await nextDeduction(maria, '10-6001-00')).toBe('2026-05-05');
    await passOn('2026-05-05');
    await passOn('2026-05-06');
    expect(await chargedAmounts()).toEqual(['6000', '6100', '6200', '7000', '7100', '7200']);
    // Promised May 5 already: no second reminder, with another date, for May; May is done, so next is June 20.
    expect(await remindedDates(maria)).toEqual(['2026-03-15', '2026-04-05', '2026-05-05']);
    expect(await nextDeduction(maria, '10-6001-00')).toBe('2026-06-20');
  });

  it('follows the new day from the next month: June 20', async () => {
    await importBills([
      { billNumber: 'JUN-6001', accountNumber: '10-6001-00', issueDate: '2026-06-01', dueDate: '2026-06-25', water: '63.00' },
      { billNumber: 'JUN-6002', accountNumber: '10-6002-00', issueDate: '2026-06-01', dueDate: '2026-06-25', water: '73.00' },
    ]);
    await passOn('2026-06-13');
    expect(await remindedDates(maria)).toEqual(['2026-03-15', '2026-04-05', '2026-05-05', '2026-06-20']);
    await passOn('2026-06-19');
    expect(await chargedAmounts()).toEqual(['6000', '6100', '6200', '7000', '7100', '7200']);
    await passOn('2026-06-20');
    expect(await chargedAmounts()).toEqual(['6000', '6100', '6200', '6300', '7000', '7100', '7200', '7300']);
  });
});
