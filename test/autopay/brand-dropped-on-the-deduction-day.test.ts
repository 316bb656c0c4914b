import { autopayPlatform } from './autopay-platform';
import { CARDS, at, autopayNotices, myAccounts, newCustomer, enrolAutopay } from './autopay-api';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * A brand dropped after the last notice pass before the deduction day
 * reaches the day's run first (the hourly job runs the day's deductions
 * before its notice pass): payments refuses the charge as a kind the city no
 * longer takes, and the enrolment is suspended for that reason
 * (METHOD_NOT_ACCEPTED, "the city no longer takes payments by your ..."),
 * not as a method that can no longer be used.
 */

const env = autopayPlatform('2026-03-01T18:00:00Z');
const { clock, autopayRun } = env;

it('says the city no longer takes the card when the brand is dropped the day before the deduction', async () => {
  const amex = await newCustomer(env.platform, { email: 'amex.lastday@example.com', accounts: ['10-1001-00'], card: CARDS.americanExpress, locale: 'EN' });
  await enrolAutopay(amex, amex.accounts['10-1001-00']!);
  at(clock, '2026-03-12T18:00:00Z');
  await autopayRun();

  // The evening before the deduction, after the day's last pass.
  at(clock, '2026-03-15T06:00:00Z');
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { acceptedCardBrands: ['VISA', 'MASTERCARD'] } });
  // The first pass of the 15th (Los Angeles time).
  at(clock, '2026-03-15T09:00:00Z');
  await autopayRun();

  const { status, suspendedReason } = (await myAccounts(await amex.client()))['10-1001-00']!.autopay;
  const told = (await autopayNotices(env.platform, 'norwalk', amex.email)).filter((n) => n.template === 'AUTOPAY_SUSPENDED');
  expect({ status, suspendedReason, reasons: told.map((n) => n.data.reason) }).toEqual({ status: 'SUSPENDED', suspendedReason: 'METHOD_NOT_ACCEPTED', reasons: ['METHOD_NOT_ACCEPTED'] });
  expect(told[0]?.data.message).toContain('the city no longer takes payments by your American Express ending in 0 0 0 5');
}, 120_000);
