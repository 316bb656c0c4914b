import { autopayPlatform } from './autopay-platform';
import { tenantRows } from '../customers/customer-api';
import { amountDueNow, autopayPayments, centsOf, newCustomer, openAccountWithBill, type Customer, enrolAutopay } from './autopay-api';

/*
 * An account with two cycles' retries due on the same day: an outage (or a
 * staff catch-up run) left February's retry waiting until March's came due.
 * One charge takes everything owed, so the account is charged once, not once
 * per cycle.
 */

const env = autopayPlatform('2026-03-18T18:00:00Z');
const { autopayRun } = env;
let maria: Customer;
beforeAll(async () => {
  await openAccountWithBill(env.platform, '10-4001-00', '60.00');
  maria = await newCustomer(env.platform, { email: 'maria.two-cycles@example.com', accounts: ['10-4001-00'] });
  await enrolAutopay(maria, maria.accounts['10-4001-00']!);
});

it('charges what is owed once when two cycles of one account are retried in the same run', async () => {
  const accountId = maria.accounts['10-4001-00']!;
  // Enrolled since January; each cycle's first attempt failed, and both retries are due today.
  await tenantRows(env.platform, 'norwalk', `UPDATE autopay_enrollments SET first_cycle = '2026-01' WHERE service_account_id = $1`, [accountId]);
  await tenantRows(
    env.platform,
    'norwalk',
    `INSERT INTO autopay_deductions (tenant_id, service_account_id, cycle, deduction_date, status, attempts, first_attempted_on, next_attempt_on, updated_at)
     SELECT e.tenant_id, e.service_account_id, c.cycle, c.day::date, 'RETRY_SCHEDULED', 1, c.day::date, '2026-03-18', now()
       FROM autopay_enrollments e, (VALUES ('2026-02', '2026-02-15'), ('2026-03', '2026-03-15')) AS c (cycle, day)
      WHERE e.service_account_id = $1`,
    [accountId],
  );
  const due = centsOf(await amountDueNow(maria, '10-4001-00'));
  expect(BigInt(due)).toBeGreaterThan(0n);

  await autopayRun();
  // A later pass the same day finds March's retry with nothing left to owe.
  await autopayRun();

  const payments = (await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === accountId);
  expect(payments.map((p) => [p.status, p.amount_cents])).toEqual([['CAPTURED', due]]);
  expect(centsOf(await amountDueNow(maria, '10-4001-00'))).toBe('0');
  const deductions = await tenantRows<{ cycle: string; status: string }>(env.platform, 'norwalk', 'SELECT cycle, status FROM autopay_deductions WHERE service_account_id = $1 ORDER BY cycle', [
    accountId,
  ]);
  expect(deductions).toEqual([
    { cycle: '2026-02', status: 'CHARGED' },
    { cycle: '2026-03', status: 'SKIPPED' },
  ]);
});
