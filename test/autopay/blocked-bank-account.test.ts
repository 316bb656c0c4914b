import { autopayPlatform } from './autopay-platform';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { CANCEL, at, autopayNotices, autopayPayments, enroll, enrolledOnReturnedBankAccount, myAccounts } from './autopay-api';

/*
 * Ana pays by autopay from her bank account. March's debit comes back from
 * her bank (R02, account closed), and the city blocks the account: every
 * later debit on it is refused. Autopay must not promise April's charge on
 * it, nor take it on again, and its run suspends her autopay before trying.
 */

const env = autopayPlatform('2026-03-01T18:00:00Z');
const { clock, autopayRun } = env;
beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { methodsAllowedOnline: ['CARD', 'BANK_ACCOUNT'] } });
});

it('neither reminds of nor takes on a charge on a bank account blocked after a return, and suspends before trying it', async () => {
  // March's debit is taken, posted, and returned R02 by the bank: the bank account is blocked.
  const { customer: ana, accountId, bankId } = await enrolledOnReturnedBankAccount(env.platform, clock, '10-3201-00', 'ana.bank@example.com');
  expect(await tenantRows(env.platform, 'norwalk', 'SELECT status, reason FROM bank_accounts')).toEqual([{ status: 'BLOCKED', reason: 'R02' }]);
  expect((await autopayPayments(env.platform, 'norwalk')).map((p) => p.status)).toEqual(['RETURNED']);

  // April's reminder day: no promise of a debit the bank account cannot take.
  const reminders = async () => (await autopayNotices(env.platform, 'norwalk', ana.email)).filter((n) => n.template === 'AUTOPAY_REMINDER').length;
  const remindedBefore = await reminders();
  at(clock, '2026-04-12T18:00:00Z');
  await autopayRun();
  expect(await reminders()).toBe(remindedBefore);

  // The deduction day: suspended before any debit is tried.
  at(clock, '2026-04-15T18:00:00Z');
  await autopayRun();
  expect((await myAccounts(await ana.client()))['10-3201-00']!.autopay).toMatchObject({ status: 'SUSPENDED' });
  expect(await autopayPayments(env.platform, 'norwalk')).toHaveLength(1);

  // Nor is it taken on again.
  const me = await ana.client();
  expect((await me.data<{ cancelAutopay: { userErrors: unknown[] } }>(CANCEL, { id: accountId })).cancelAutopay.userErrors).toEqual([]);
  const again = await enroll(me, { serviceAccountId: accountId, paymentMethodId: bankId });
  expect(again.userErrors).toEqual([expect.objectContaining({ field: ['input', 'paymentMethodId'], code: 'BANK_ACCOUNT_BLOCKED' })]);
});
