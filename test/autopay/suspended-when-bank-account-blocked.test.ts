import { autopayPlatform } from './autopay-platform';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { UPDATE, at, autopayNotices, autopayPayments, enrolledOnReturnedBankAccount, myAccounts, type AutopayPayload } from './autopay-api';

/*
 * Ana pays by autopay from her bank account. March's debit comes back R02
 * (account closed) on March 18, and the city blocks the bank account for
 * good: autopay will never debit it again. From that moment her account page
 * shows her autopay suspended (METHOD_UNAVAILABLE), with no next deduction,
 * not "Enrolled, next deduction April 15". Payments, which blocks the
 * account, may not call autopay, so autopay's own hourly pass suspends the
 * enrolment and tells her, the same hour, not on April 15: she has the month
 * to pay another way or give another method.
 */

const env = autopayPlatform('2026-03-01T18:00:00Z');
const { clock, autopayRun } = env;
beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { methodsAllowedOnline: ['CARD', 'BANK_ACCOUNT'] } });
});

it('shows autopay suspended once its bank account is blocked, and the next hourly pass suspends it and tells the resident', async () => {
  // March's debit is taken, posted, and returned R02 by the bank: the bank account is blocked.
  const { customer: ana, accountId } = await enrolledOnReturnedBankAccount(env.platform, clock, '10-3301-00', 'ana.blocked@example.com');
  expect(await tenantRows(env.platform, 'norwalk', 'SELECT status, reason FROM bank_accounts')).toEqual([{ status: 'BLOCKED', reason: 'R02' }]);

  // Before autopay's next pass: shown as the run will treat it.
  const page = async () => (await myAccounts(await ana.client()))['10-3301-00']!.autopay;
  expect(await page()).toMatchObject({ status: 'SUSPENDED', suspendedReason: 'METHOD_UNAVAILABLE', nextDeductionDate: null, method: expect.objectContaining({ kind: 'BANK_ACCOUNT' }) });
  const suspendedNotices = async () => (await autopayNotices(env.platform, 'norwalk', ana.email)).filter((n) => n.template === 'AUTOPAY_SUSPENDED');
  expect(await suspendedNotices()).toEqual([]);

  // The hourly pass: suspended in earnest, and Ana told now, not on April 15.
  at(clock, '2026-03-18T19:10:00Z');
  await autopayRun();
  expect(await tenantRows(env.platform, 'norwalk', 'SELECT status, suspension_reason FROM autopay_enrollments WHERE service_account_id = $1', [accountId])).toEqual([
    { status: 'SUSPENDED', suspension_reason: 'METHOD_UNAVAILABLE' },
  ]);
  expect(await suspendedNotices()).toHaveLength(1);
  expect(await page()).toMatchObject({ status: 'SUSPENDED', suspendedReason: 'METHOD_UNAVAILABLE', nextDeductionDate: null });

  // Later passes, the reminder day and the deduction day: no reminder, no debit, not told twice.
  for (const when of ['2026-03-18T20:10:00Z', '2026-04-12T18:00:00Z', '2026-04-15T18:00:00Z']) {
    at(clock, when);
    await autopayRun();
  }
  expect((await autopayNotices(env.platform, 'norwalk', ana.email)).filter((n) => n.template === 'AUTOPAY_REMINDER' && n.data.deductionDate === '2026-04-15')).toEqual([]);
  expect(await suspendedNotices()).toHaveLength(1);
  expect((await autopayPayments(env.platform, 'norwalk')).map((p) => p.status)).toEqual(['RETURNED']);

  // Given a card, it starts again, with a deduction to come.
  const resumed = (await (await ana.client()).data<{ updateAutopay: AutopayPayload }>(UPDATE, { input: { serviceAccountId: accountId, paymentMethodId: ana.cardId } })).updateAutopay;
  expect(resumed.userErrors).toEqual([]);
  expect(resumed.autopay).toMatchObject({ status: 'ENROLLED', suspendedReason: null, nextDeductionDate: expect.any(String) });
});
