import { autopayPlatform } from './autopay-platform';
import { IMPORT_LIST, OPEN_ACCOUNT, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { CARDS, at, autopayNotices, enroll, myAccounts, newCustomer, processorCharges, type Customer } from './autopay-api';

/*
 * Norwalk deducts at month end: deduction day 31, which a shorter month does
 * not have, so there the deduction is on its last day. Reminders (3 days
 * before), the first deduction an enrolment is told of, the next deduction
 * shown, the run's choice of who is due, and a declined card's retry (3 days
 * after) all follow the month's real last day: February 28, 2026; March 31;
 * April 30; February 29, 2028.
 */

const env = autopayPlatform('2026-02-10T18:00:00Z');
const { clock, autopayRun } = env;
let ana: Customer;
/** A card that is always declined. */
let carla: Customer;
/** Enrols on February 28, the day February's deduction is taken. */
let ben: Customer;

beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { deductionDay: 31 } });
  for (const accountNumber of ['10-7001-00', '10-7002-00', '10-7003-00']) await openAccount(accountNumber);
  await importBills('2026-02', { '10-7001-00': '40.00', '10-7002-00': '50.00', '10-7003-00': '30.00' });
  at(clock, '2026-02-10T18:00:00Z');
  ana = await newCustomer(env.platform, { email: 'ana.monthend@example.com', accounts: ['10-7001-00'] });
  carla = await newCustomer(env.platform, { email: 'carla.monthend@example.com', accounts: ['10-7002-00'], card: CARDS.genericDecline });
  ben = await newCustomer(env.platform, { email: 'ben.monthend@example.com', accounts: ['10-7003-00'] });
});

/** The hourly pass late in the morning of a city date (Los Angeles). */
const passOn = async (date: string) => {
  at(clock, `${date}T18:00:00Z`);
  await autopayRun();
};
const chargedAmounts = async () => (await processorCharges(env.platform)).map((c) => c.amount).sort();

async function openAccount(accountNumber: string): Promise<void> {
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const opened = await staff.data<{ openServiceAccount: { userErrors: unknown[] } }>(OPEN_ACCOUNT, {
    input: { accountNumber, customerName: 'Month End', addressLine1: '12400 Firestone Blvd', city: 'Norwalk', region: 'CA', postalCode: '90650' },
  });
  expect(opened.openServiceAccount.userErrors).toEqual([]);
}

/** A water bill for each account, issued on the month's first day (the clock is moved there) and due before its end. */
async function importBills(month: string, amounts: Record<string, string>): Promise<void> {
  at(clock, `${month}-01T18:00:00Z`);
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const bills = Object.entries(amounts).map(([accountNumber, water]) => ({ billNumber: `${month}-${accountNumber}`, accountNumber, issueDate: `${month}-01`, dueDate: `${month}-28`, water }));
  const imported = await staff.data<{ importBills: { imported: number } }>(IMPORT_LIST, { bills });
  expect(imported.importBills.imported).toBe(bills.length);
}

const enrollIn = async (customer: Customer, accountNumber: string) => enroll(await customer.client(), { serviceAccountId: customer.accounts[accountNumber]!, paymentMethodId: customer.cardId });

/** The next deduction date the customer's portal shows for the account. */
const nextDeduction = async (customer: Customer, accountNumber: string) => (await myAccounts(await customer.client()))[accountNumber]?.autopay.nextDeductionDate;

/** The dates each reminder named, oldest first. */
const remindedDates = async (customer: Customer) => (await autopayNotices(env.platform, 'norwalk', customer.email)).filter((n) => n.template === 'AUTOPAY_REMINDER').map((n) => n.data.deductionDate);

/** A cycle's deductions, as autopay recorded them. */
const deductions = (cycle: string) =>
  tenantRows<{ account_number: string; status: string; deduction_date: string; first_attempted_on: string | null; next_attempt_on: string | null }>(
    env.platform,
    'norwalk',
    `SELECT a.account_number, d.status, d.deduction_date::text, d.first_attempted_on::text, d.next_attempt_on::text
       FROM autopay_deductions d JOIN service_accounts a ON a.id = d.service_account_id WHERE d.cycle = $1 ORDER BY a.account_number`,
    [cycle],
  );

describe('February in a common year', () => {
  it('is the city’s day, and an enrolment before the 28th is told February’s deduction comes on the 28th', async () => {
    const { tenant } = await env.platform.client.asTenant('norwalk').data<{ tenant: { autopayRules: { deductionDay: number } } }>('{ tenant { autopayRules { deductionDay } } }');
    expect(tenant.autopayRules.deductionDay).toBe(31);
    expect(await enrollIn(ana, '10-7001-00')).toMatchObject({ userErrors: [], currentCycleCovered: true, firstDeductionDate: '2026-02-28' });
    expect(await enrollIn(carla, '10-7002-00')).toMatchObject({ userErrors: [], currentCycleCovered: true, firstDeductionDate: '2026-02-28' });
  });

  it('reminds three days before the 28th, and charges on the 28th, not before', async () => {
    await passOn('2026-02-24');
    expect(await remindedDates(ana)).toEqual([]);
    await passOn('2026-02-25');
    expect(await remindedDates(ana)).toEqual(['2026-02-28']);
    expect(await remindedDates(carla)).toEqual(['2026-02-28']);
    await passOn('2026-02-27');
    expect(await deductions('2026-02')).toEqual([]);
    expect(await nextDeduction(ana, '10-7001-00')).toBe('2026-02-28');
    await passOn('2026-02-28');
    expect(await chargedAmounts()).toEqual(['4000']);
    // Carla's card is declined: retried 3 days after the attempt, on March 3.
    expect(await deductions('2026-02')).toEqual([
      { account_number: '10-7001-00', status: 'CHARGED', deduction_date: '2026-02-28', first_attempted_on: '2026-02-28', next_attempt_on: null },
      { account_number: '10-7002-00', status: 'RETRY_SCHEDULED', deduction_date: '2026-02-28', first_attempted_on: '2026-02-28', next_attempt_on: '2026-03-03' },
    ]);
    expect(await nextDeduction(ana, '10-7001-00')).toBe('2026-03-31');
    expect(await nextDeduction(carla, '10-7002-00')).toBe('2026-03-03');
  });

  it('is too late on the 28th itself: an enrolment that day starts with March 31', async () => {
    expect(await enrollIn(ben, '10-7003-00')).toMatchObject({ userErrors: [], currentCycleCovered: false, firstDeductionDate: '2026-03-31' });
    expect(await nextDeduction(ben, '10-7003-00')).toBe('2026-03-31');
  });
});

describe('months of 31 and of 30 days', () => {
  it('charges on March 31, not on the 30th', async () => {
    await passOn('2026-03-28');
    expect(await remindedDates(ben)).toEqual(['2026-03-31']);
    await passOn('2026-03-30');
    expect(await chargedAmounts()).toEqual(['4000']);
    await passOn('2026-03-31');
    expect(await chargedAmounts()).toEqual(['3000', '4000']);
    expect((await deductions('2026-03')).find((d) => d.account_number === '10-7003-00')).toMatchObject({ status: 'CHARGED', deduction_date: '2026-03-31' });
  });

  it('charges on April 30, the last day of April', async () => {
    await importBills('2026-04', { '10-7001-00': '41.00', '10-7003-00': '31.00' });
    await passOn('2026-04-26');
    expect(await remindedDates(ana)).toEqual(['2026-02-28']);
    await passOn('2026-04-27');
    expect(await remindedDates(ana)).toEqual(['2026-02-28', '2026-04-30']);
    await passOn('2026-04-29');
    expect(await nextDeduction(ana, '10-7001-00')).toBe('2026-04-30');
    expect(await chargedAmounts()).toEqual(['3000', '4000']);
    await passOn('2026-04-30');
    expect(await chargedAmounts()).toEqual(['3000', '3100', '4000', '4100']);
    expect(await nextDeduction(ana, '10-7001-00')).toBe('2026-05-31');
  });
});

describe('February in a leap year', () => {
  it('reminds of February 29 and charges on the 29th, not on the 28th', async () => {
    await importBills('2028-02', { '10-7001-00': '42.00', '10-7003-00': '32.00' });
    await passOn('2028-02-25');
    await passOn('2028-02-26');
    expect(await remindedDates(ana)).toEqual(['2026-02-28', '2026-04-30', '2028-02-29']);
    await passOn('2028-02-28');
    expect(await nextDeduction(ana, '10-7001-00')).toBe('2028-02-29');
    expect(await chargedAmounts()).toEqual(['3000', '3100', '4000', '4100']);
    await passOn('2028-02-29');
    expect(await chargedAmounts()).toEqual(['3000', '3100', '3200', '4000', '4100', '4200']);
    expect(await deductions('2028-02')).toEqual([
      { account_number: '10-7001-00', status: 'CHARGED', deduction_date: '2028-02-29', first_attempted_on: '2028-02-29', next_attempt_on: null },
      { account_number: '10-7003-00', status: 'CHARGED', deduction_date: '2028-02-29', first_attempted_on: '2028-02-29', next_attempt_on: null },
    ]);
  });
});
