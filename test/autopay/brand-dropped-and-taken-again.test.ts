import { autopayPlatform } from './autopay-platform';
import { CARDS, at, autopayNotices, myAccounts, newCustomer, processorCharges, enrolAutopay } from './autopay-api';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * A brand dropped for an hour (a slip in the settings, put right) weeks
 * before the deduction changes nothing for the enrolments on it: the notice
 * pass suspends an enrolment on a kind the city no longer takes only once
 * the cycle's reminder is due, so the resident is reminded and charged as
 * before, and never told the city no longer takes their card.
 */

const env = autopayPlatform('2026-03-01T18:00:00Z');
const { clock, autopayRun } = env;

it('leaves autopay enrolled when the city takes the brand again before the day', async () => {
  const amex = await newCustomer(env.platform, { email: 'amex.back@example.com', accounts: ['10-1001-00'], card: CARDS.americanExpress, locale: 'EN' });
  await enrolAutopay(amex, amex.accounts['10-1001-00']!);

  // March 2: American Express unticked by mistake; the hourly pass runs before it is put right.
  at(clock, '2026-03-02T17:00:00Z');
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { acceptedCardBrands: ['VISA', 'MASTERCARD'] } });
  at(clock, '2026-03-02T18:00:00Z');
  await autopayRun();
  // An hour later the city takes American Express again: thirteen days before the deduction.
  at(clock, '2026-03-02T19:00:00Z');
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { acceptedCardBrands: ['VISA', 'MASTERCARD', 'AMERICAN_EXPRESS'] } });

  // Reminder day and the deduction day.
  at(clock, '2026-03-12T18:00:00Z');
  await autopayRun();
  const { status, suspendedReason, nextDeductionDate } = (await myAccounts(await amex.client()))['10-1001-00']!.autopay;
  const told = (await autopayNotices(env.platform, 'norwalk', amex.email)).map((n) => n.template);
  expect({ status, suspendedReason, nextDeductionDate, told }).toEqual({ status: 'ENROLLED', suspendedReason: null, nextDeductionDate: '2026-03-15', told: ['AUTOPAY_REMINDER'] });

  at(clock, '2026-03-15T18:00:00Z');
  await autopayRun();
  expect((await processorCharges(env.platform)).length).toBe(1);
}, 120_000);
