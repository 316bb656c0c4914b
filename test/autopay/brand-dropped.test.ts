import { autopayPlatform } from './autopay-platform';
import { CARDS, at, autopayNotices, enroll, newCustomer, openAccountWithBill, enrolAutopay } from './autopay-api';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * A city stops taking a card brand its residents have saved. Autopay must
 * not take it on, nor promise a charge on it: the run would refuse it on the
 * deduction day (the notice pass suspends such an enrolment instead, see
 * brand-dropped-suspends-before-the-day.test.ts). Norwalk deducts on the
 * 15th and reminds before.
 */

const env = autopayPlatform('2026-03-01T18:00:00Z');
const { clock, autopayRun } = env;

const acceptBrands = (acceptedCardBrands: string[]) => changeCitySettings(env.platform, 'norwalk', { paymentRules: { acceptedCardBrands } });

it('refuses to enrol a card of a brand the city no longer takes, and announces no charge on one enrolled before', async () => {
  await openAccountWithBill(env.platform, '10-7001-00', '60.00');
  await openAccountWithBill(env.platform, '10-7002-00', '60.00');
  const before = await newCustomer(env.platform, { email: 'amex.before@example.com', accounts: ['10-7001-00'], card: CARDS.americanExpress });
  await enrolAutopay(before, before.accounts['10-7001-00']!);
  const after = await newCustomer(env.platform, { email: 'amex.after@example.com', accounts: ['10-7002-00'], card: CARDS.americanExpress });

  await acceptBrands(['VISA', 'MASTERCARD']);
  try {
    const refused = await enroll(await after.client(), { serviceAccountId: after.accounts['10-7002-00']!, paymentMethodId: after.cardId });
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: ['input', 'paymentMethodId'], code: 'CARD_BRAND_NOT_ACCEPTED', message: expect.stringContaining('Visa, Mastercard') })]);
    // Reminder day: no promise of a charge the run would refuse.
    at(clock, '2026-03-12T18:00:00Z');
    await autopayRun();
    expect((await autopayNotices(env.platform, 'norwalk', before.email)).map((n) => n.template)).not.toContain('AUTOPAY_REMINDER');
  } finally {
    await acceptBrands(['VISA', 'MASTERCARD', 'AMERICAN_EXPRESS']);
  }
}, 90_000);
