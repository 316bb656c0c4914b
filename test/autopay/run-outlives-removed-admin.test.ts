import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { DISABLE, viewerId } from '../customers/staff-removal';
import { holdRows, untilWaitingOnLocks } from '../db/lock-waits';
import { RUN_AUTOPAY, at, autopayPayments, enrolAutopay, newCustomer, openAccountWithBill, type RunShape } from './autopay-api';
import { autopayPlatform } from './autopay-platform';

/*
 * Decided: an autopay run the ADMIN started goes on when their access is taken away part-way. What it charges is what
 * each resident enrolled for, on the day they chose; the ADMIN only ran now what the hourly job runs anyway, and stopping
 * would save nobody a charge (the next scheduled run takes up the rest) while leaving residents' bills unpaid to the
 * next hour, or past due. The run is checked against its sender once, as it begins (staff-removed-meanwhile.test.ts):
 * a removed ADMIN starts none. Here the run has begun, and waits to confirm a charge, when the ADMIN is disabled.
 */
const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock } = env;

it('finishes a run the ADMIN started, charging what residents enrolled for, after that ADMIN is disabled part-way; the run still names them', async () => {
  await openAccountWithBill(env.platform, '10-6301-00', '42.00');
  const customer = await newCustomer(env.platform, { email: 'run.outlives@example.com', accounts: ['10-6301-00'] });
  const accountId = customer.accounts['10-6301-00']!;
  await enrolAutopay(customer, accountId);

  at(clock, '2026-03-15T09:00:00Z');
  const [starter, other] = [await signInStaff(env.platform, 'norwalk', 'ADMIN'), await signInStaff(env.platform, 'norwalk', 'ADMIN')];
  const starterId = await viewerId(starter);
  // The enrolment row held as a resident's own change holds it: the run, begun, waits on it to confirm the charge.
  const release = await holdRows(env.platform.db, 'norwalk', 'SELECT 1 FROM autopay_enrollments WHERE service_account_id = $1 FOR NO KEY UPDATE', [accountId]);
  let finished = false;
  const running = starter.request<{ runAutopay: { run: RunShape | null; userErrors: unknown[] } }>(RUN_AUTOPAY, { date: '2026-03-15' }).finally(() => (finished = true));
  await untilWaitingOnLocks(env.platform.db, '%FOR NO KEY UPDATE OF e%', { n: 1, finished: () => finished });
  expect((await other.data<{ disableStaffUser: { userErrors: unknown[] } }>(DISABLE, { userId: starterId })).disableStaffUser.userErrors).toEqual([]);
  await release();
  const answer = await running;

  expect(answer.errors).toBeUndefined();
  expect(answer.data?.runAutopay.run?.summary.charged).toBe(1);
  expect((await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === accountId).map((p) => [p.status, p.amount_cents])).toEqual([['CAPTURED', '4200']]);
  expect(await tenantRows(env.platform, 'norwalk', 'SELECT actor FROM autopay_runs WHERE id = $1', [answer.data?.runAutopay.run?.id])).toEqual([{ actor: starterId }]);
});
