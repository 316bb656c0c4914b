import { autopayPlatform } from './autopay-platform';
import { IMPORT_LIST, signInStaff } from '../billing/billing-api';
import { CANCEL, at, autopayNotices, enroll, newCustomer, openAccountWithBill, processorCharges, type Customer } from '../autopay/autopay-api';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * A reminder promises its date to the enrolment it was sent to, not to a
 * later one. Norwalk deducts on the 5th and reminds 7 days before: Maria is
 * reminded on April 28 of May 5. On May 1 the city moves its day to the
 * 20th; Maria cancels on May 2 and enrols again on May 10, and is told May
 * 20. The passes until then charge her nothing; the one on the 20th does.
 */
const env = autopayPlatform('2026-04-01T18:00:00Z');
const { clock, autopayRun } = env;
let maria: Customer;
beforeAll(async () => {
  await update({ deductionDay: 5, reminderDaysBefore: 7 });
  await openAccountWithBill(env.platform, '10-7001-00', '60.00');
  maria = await newCustomer(env.platform, { email: 'maria.reenrol@example.com', accounts: ['10-7001-00'] });
  const enrolled = await enroll(await maria.client(), { serviceAccountId: maria.accounts['10-7001-00']!, paymentMethodId: maria.cardId });
  expect(enrolled.userErrors).toEqual([]);
});

const update = (autopayRules: { deductionDay?: number; reminderDaysBefore?: number }) => changeCitySettings(env.platform, 'norwalk', { autopayRules });
const passOn = async (date: string) => {
  at(clock, `${date}T18:00:00Z`);
  await autopayRun();
};

it("charges an account enrolled again after its reminder on the date it was then told, not the reminder's", async () => {
  await passOn('2026-04-05'); // April charged
  at(clock, '2026-04-25T18:00:00Z'); // May's bill, imported the day it is issued
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  await staff.data(IMPORT_LIST, { bills: [{ billNumber: 'MAY-7001', accountNumber: '10-7001-00', issueDate: '2026-04-25', dueDate: '2026-05-25', water: '62.00' }] });
  await passOn('2026-04-28');
  const reminders = (await autopayNotices(env.platform, 'norwalk', maria.email)).filter((n) => n.template === 'AUTOPAY_REMINDER').map((n) => n.data.deductionDate);
  expect(reminders).toContain('2026-05-05');
  at(clock, '2026-05-01T17:00:00Z');
  await update({ deductionDay: 20 });
  at(clock, '2026-05-02T17:00:00Z');
  const me = await maria.client();
  const cancelled = await me.data<{ cancelAutopay: { userErrors: unknown[] } }>(CANCEL, { id: maria.accounts['10-7001-00'] });
  expect(cancelled.cancelAutopay.userErrors).toEqual([]);
  const chargesBefore = (await processorCharges(env.platform)).length;

  at(clock, '2026-05-10T17:00:00Z');
  const again = await enroll(await maria.client(), { serviceAccountId: maria.accounts['10-7001-00']!, paymentMethodId: maria.cardId });
  expect({ first: again.firstDeductionDate, next: again.autopay?.nextDeductionDate }).toEqual({ first: '2026-05-20', next: '2026-05-20' });
  for (const date of ['2026-05-10', '2026-05-19']) {
    await passOn(date);
    expect(await processorCharges(env.platform)).toHaveLength(chargesBefore);
  }
  await passOn('2026-05-20');
  expect((await processorCharges(env.platform)).slice(chargesBefore).map((c) => c.amount)).toEqual(['6200']);
}, 120_000);
