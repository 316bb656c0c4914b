import { autopayPlatform } from './autopay-platform';
import { tenantRows } from '../customers/customer-api';
import { at, autopayNotices, autopayPayments, enroll, myAccounts, newCustomer, type Customer, enrolAutopay } from './autopay-api';

/*
 * A customer who enrolled an account in autopay moves out and unlinks it.
 * Their enrolment is no one's now: another holder of the account may enrol
 * in its place, the leaver gets no more reminders about it and may remove
 * the card it named, and a run that finds it ends it instead of skipping it
 * silently every month.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;

const UNLINK = 'mutation U($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { code } } }';
const REMOVE = 'mutation Remove($id: UUID!) { removePaymentMethod(id: $id) { userErrors { field code message } } }';
async function unlink(customer: Customer, accountNumber: string): Promise<void> {
  const result = await (await customer.client()).data<{ unlinkServiceAccount: { userErrors: unknown[] } }>(UNLINK, { id: customer.accounts[accountNumber] });
  expect(result.unlinkServiceAccount.userErrors).toEqual([]);
}
const enrolment = async (accountId: string) =>
  (await tenantRows<{ status: string; user_id: string }>(env.platform, 'norwalk', 'SELECT status, user_id FROM autopay_enrollments WHERE service_account_id = $1', [accountId]))[0];

it('shows another holder of the account no autopay once the one who enrolled has unlinked it, and lets them enrol in its place', async () => {
  const leaver = await newCustomer(env.platform, { email: 'leaver@example.com', accounts: ['10-1002-00'] });
  const stayer = await newCustomer(env.platform, { email: 'stayer@example.com', accounts: ['10-1002-00'] });
  const accountId = leaver.accounts['10-1002-00']!;
  await enrolAutopay(leaver, accountId);
  // While the leaver holds it, the enrolment is theirs.
  expect((await enroll(await stayer.client(), { serviceAccountId: accountId, paymentMethodId: stayer.cardId })).userErrors.map((e) => e.code)).toEqual(['ENROLLED_BY_SOMEONE_ELSE']);

  await unlink(leaver, '10-1002-00');
  // The next run would end it without charging: no deduction is promised, and the page offers to enrol.
  expect((await myAccounts(await stayer.client()))['10-1002-00']!.autopay).toMatchObject({ status: 'NOT_ENROLLED', label: 'Auto Pay: Not Enrolled', method: null, nextDeductionDate: null });
  await enrolAutopay(stayer, accountId);
  expect(await enrolment(accountId)).toEqual({ status: 'ENROLLED', user_id: stayer.userId });
});

it('lets one who unlinked the account autopay paid remove the card afterwards: there is no autopay left for them to cancel', async () => {
  const movingOut = await newCustomer(env.platform, { email: 'moving.out@example.com', accounts: ['10-1003-00'] });
  await enrolAutopay(movingOut, movingOut.accounts['10-1003-00']!);
  await unlink(movingOut, '10-1003-00');
  const me = await movingOut.client();
  expect(await myAccounts(me)).toEqual({});

  const removed = await me.data<{ removePaymentMethod: { userErrors: unknown[] } }>(REMOVE, { id: movingOut.cardId });
  expect(removed.removePaymentMethod.userErrors).toEqual([]);
  const { paymentMethods } = await me.data<{ paymentMethods: { id: string }[] }>('{ paymentMethods { id } }');
  expect(paymentMethods).toEqual([]);
});

it('sends one who unlinked the account no reminder, and the run ends their enrolment rather than skip it every month', async () => {
  const mover = await newCustomer(env.platform, { email: 'mover.autopay@example.com', accounts: ['10-1001-00'] });
  const accountId = mover.accounts['10-1001-00']!;
  await enrolAutopay(mover, accountId);
  await unlink(mover, '10-1001-00');

  // Reminder day (three days before the 15th), then deduction day.
  at(clock, '2026-03-12T15:10:00Z');
  await autopayRun();
  expect(await autopayNotices(env.platform, 'norwalk', mover.email)).toEqual([]);
  at(clock, '2026-03-15T18:00:00Z');
  await autopayRun();
  expect((await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === accountId)).toEqual([]);
  const outcomes = await tenantRows<{ kind: string; reason: string }>(env.platform, 'norwalk', 'SELECT kind, reason FROM autopay_outcomes WHERE service_account_id = $1', [accountId]);
  expect(outcomes).toEqual([{ kind: 'SKIPPED', reason: 'ACCOUNT_UNLINKED' }]);
  expect(await enrolment(accountId)).toEqual({ status: 'CANCELLED', user_id: mover.userId });
});
