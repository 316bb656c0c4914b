import { autopayPlatform } from './autopay-platform';
import { IMPORT_LIST, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { amountDueNow, at, autopayNotices, autopayPayments, centsOf, newCustomer, openAccountWithBill, type Customer, enrolAutopay } from './autopay-api';

/*
 * Norwalk deducts on the 31st (each month's last day). Reminders go out on
 * March 28; then the worker is down on March 31 from before its first hourly
 * pass until after midnight: no pass ran on the one day March's deduction
 * could be taken. April 1's first pass keeps the reminder's promise, late,
 * for what it announced (April's bill, issued that morning, waits for April
 * 30), rather than leave the household unpaid and past due with nobody told.
 * An enrolment reminded of nothing is left to staff's catch-up run: charged
 * now, it would be charged April's bill too, before its day.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
/** Enrolled on March 10, reminded on March 28 of $64.20 on March 31. */
let ana: Customer;
/** Enrolled on March 29, after the reminders: told of March 31, reminded of nothing. */
let ben: Customer;

beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { deductionDay: 31 } });
  await openAccountWithBill(env.platform, '10-7301-00', '64.20');
  await openAccountWithBill(env.platform, '10-7302-00', '48.00');
  ana = await newCustomer(env.platform, { email: 'ana.missed-day@example.com', accounts: ['10-7301-00'] });
  ben = await newCustomer(env.platform, { email: 'ben.missed-day@example.com', accounts: ['10-7302-00'] });
  await enrolAutopay(ana, ana.accounts['10-7301-00']!);
  at(env.clock, '2026-03-28T18:00:00Z');
  await env.autopayRun();
  at(env.clock, '2026-03-29T18:00:00Z');
  await enrolAutopay(ben, ben.accounts['10-7302-00']!);
});

const paymentsOf = async (customer: Customer, accountNumber: string) =>
  (await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === customer.accounts[accountNumber]).map((p) => [p.status, p.amount_cents]);

const deductionsOf = (customer: Customer, accountNumber: string) =>
  tenantRows<{ cycle: string; status: string; deduction_date: string; first_attempted_on: string }>(
    env.platform,
    'norwalk',
    'SELECT cycle, status, deduction_date::text, first_attempted_on::text FROM autopay_deductions WHERE service_account_id = $1 ORDER BY cycle',
    [customer.accounts[accountNumber]],
  );

it("keeps a reminder's promise at the next month's first pass when no pass ran on its day, for what it announced, once", async () => {
  const reminded = (await autopayNotices(env.platform, 'norwalk', ana.email)).filter((n) => n.template === 'AUTOPAY_REMINDER');
  expect(reminded.map((n) => n.data.deductionDate)).toEqual(['2026-03-31']);
  expect((await autopayNotices(env.platform, 'norwalk', ben.email)).filter((n) => n.template === 'AUTOPAY_REMINDER')).toEqual([]);

  // April 1, 8 AM in Los Angeles: April's bills are issued; 9 AM, the first pass since March 30.
  at(env.clock, '2026-04-01T15:00:00Z');
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const bills = ['10-7301-00', '10-7302-00'].map((accountNumber) => ({ billNumber: `2026-04-${accountNumber}`, accountNumber, issueDate: '2026-04-01', dueDate: '2026-04-28', water: '30.00' }));
  expect((await staff.data<{ importBills: { imported: number } }>(IMPORT_LIST, { bills })).importBills.imported).toBe(2);
  at(env.clock, '2026-04-01T16:00:00Z');
  await env.autopayRun();
  // The next hour's pass finds March taken.
  at(env.clock, '2026-04-01T17:00:00Z');
  await env.autopayRun();

  expect(await paymentsOf(ana, '10-7301-00')).toEqual([['CAPTURED', '6420']]);
  expect(await deductionsOf(ana, '10-7301-00')).toEqual([{ cycle: '2026-03', status: 'CHARGED', deduction_date: '2026-03-31', first_attempted_on: '2026-04-01' }]);
  expect(await amountDueNow(ana, '10-7301-00')).toBe('30.00');

  expect(await paymentsOf(ben, '10-7302-00')).toEqual([]);
  expect(await deductionsOf(ben, '10-7302-00')).toEqual([]);
  expect(centsOf(await amountDueNow(ben, '10-7302-00'))).toBe('7800');
});
