import { autopayPlatform } from './autopay-platform';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { CARDS, RUN_AUTOPAY, autopayNotices, newCustomer, type Customer, type RunShape, enrolAutopay } from './autopay-api';

/*
 * Staff run autopay on March 20 for March 15, after an outage kept the
 * scheduled run from it. A card declined now is retried counting from now
 * (Norwalk: 3 days after the first attempt), not from the 15th: that would
 * retry on the 18th, a day already gone, so within the hour, and tell the
 * payer a date in the past.
 */

const env = autopayPlatform('2026-03-20T18:00:00Z');
let ana: Customer;
beforeAll(async () => {
  ana = await newCustomer(env.platform, { email: 'ana.catch-up@example.com', accounts: ['10-1003-00'], card: CARDS.genericDecline });
  await enrolAutopay(ana, ana.accounts['10-1003-00']!);
  // Enrolled before March's deduction day, as she would have been had the run not been missed.
  await tenantRows(env.platform, 'norwalk', `UPDATE autopay_enrollments SET first_cycle = '2026-03' WHERE service_account_id = $1`, [ana.accounts['10-1003-00']]);
});

it('schedules the retry of an attempt a catch-up run makes from the day it is made, never on a day gone', async () => {
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const run = await admin.data<{ runAutopay: { run: RunShape | null; userErrors: unknown[] } }>(RUN_AUTOPAY, { date: '2026-03-15' });
  expect(run.runAutopay.userErrors).toEqual([]);

  const [deduction] = await tenantRows<{ status: string; first_attempted_on: string; next_attempt_on: string }>(
    env.platform,
    'norwalk',
    `SELECT status, first_attempted_on::text, next_attempt_on::text FROM autopay_deductions WHERE service_account_id = $1 AND cycle = '2026-03'`,
    [ana.accounts['10-1003-00']],
  );
  expect(deduction).toEqual({ status: 'RETRY_SCHEDULED', first_attempted_on: '2026-03-20', next_attempt_on: '2026-03-23' });
  const [failed] = (await autopayNotices(env.platform, 'norwalk', ana.email)).filter((n) => n.template === 'AUTOPAY_FAILED');
  expect(failed!.data.message).toContain('March 23, 2026');
});
