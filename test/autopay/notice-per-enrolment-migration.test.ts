import { ownerUrl, withClient } from '@platform/db';
import { autopayPlatform } from './autopay-platform';
import type { QueryRunner } from 'typeorm';
import { NoticePerEnrolment1763801201200 } from '../../services/autopay/src/migrations/1763801201200-notice-per-enrolment';
import { tenantRows } from '../customers/customer-api';
import { CANCEL, at, enroll, newCustomer, openAccountWithBill, type Customer, enrolAutopay } from './autopay-api';

/*
 * The notices autopay recorded before a notice named its enrolment stay as
 * they were, and still count for the enrolment they were sent to. Norwalk
 * deducts on the 15th and reminds 3 days before: Lena's reminder of March
 * 12 is recorded on a platform migrated back to one notice per account,
 * cycle and kind, as an older platform recorded it; the platform is then
 * migrated again.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let lena: Customer;
beforeAll(async () => {
  await openAccountWithBill(env.platform, '10-8301-00', '60.00');
  lena = await newCustomer(env.platform, { email: 'lena.older@example.com', accounts: ['10-8301-00'] });
  await enrolAutopay(lena, lena.accounts['10-8301-00']!);
});

/** Runs the migration's `up` or `down` connected as the tables' owner, as the migration runner does. */
const migrate = (direction: 'up' | 'down') =>
  withClient(ownerUrl(env.platform.settings), (owner) => new NoticePerEnrolment1763801201200()[direction]({ query: (sql: string) => owner.query(sql) } as unknown as QueryRunner));

async function passAt(iso: string): Promise<void> {
  at(clock, iso);
  await autopayRun();
}

const reminders = async () =>
  (
    await tenantRows<{ status: string; deduction_date: string }>(
      env.platform,
      'norwalk',
      `SELECT status, data->>'deductionDate' AS deduction_date FROM notification_outbox WHERE recipient = $1 AND template = 'AUTOPAY_REMINDER' AND channel = 'EMAIL' ORDER BY created_at, id`,
      [lena.email],
    )
  ).map((n) => [n.status, n.deduction_date]);

const recorded = async () =>
  (
    await tenantRows<{ cycle: string; kind: string; deduction_date: string; enrolled_at: string }>(
      env.platform,
      'norwalk',
      'SELECT cycle, kind, deduction_date::text, enrolled_at::text FROM autopay_notices WHERE service_account_id = $1 ORDER BY sent_at',
      [lena.accounts['10-8301-00']],
    )
  ).map((n) => [n.cycle, n.kind, n.deduction_date, n.enrolled_at]);

it('keeps a reminder recorded before, which still counts for its enrolment; one enrolled again is reminded anew', async () => {
  await migrate('down');
  // March's reminder, as the older platform recorded it on the 12th.
  await tenantRows(
    env.platform,
    'norwalk',
    `INSERT INTO autopay_notices (tenant_id, service_account_id, cycle, kind, sent_at, deduction_date)
     SELECT tenant_id, service_account_id, '2026-03', 'REMINDER', '2026-03-12T15:10:00Z', '2026-03-15' FROM autopay_enrollments WHERE service_account_id = $1`,
    [lena.accounts['10-8301-00']],
  );
  await migrate('up');
  expect(await recorded()).toEqual([['2026-03', 'REMINDER', '2026-03-15', '-infinity']]);

  // Still the enrolment's reminder, bound to it by when it went out: no second one.
  await passAt('2026-03-13T15:10:00Z');
  expect(await reminders()).toEqual([]);

  at(clock, '2026-03-13T17:00:00Z');
  const { cancelAutopay } = await (await lena.client()).data<{ cancelAutopay: { userErrors: unknown[] } }>(CANCEL, { id: lena.accounts['10-8301-00'] });
  expect(cancelAutopay.userErrors).toEqual([]);
  clock.advance(3_600_000);
  expect(await enroll(await lena.client(), { serviceAccountId: lena.accounts['10-8301-00']!, paymentMethodId: lena.cardId })).toMatchObject({ userErrors: [], currentCycleCovered: true });
  await passAt('2026-03-13T19:10:00Z');
  expect(await reminders()).toEqual([['PENDING', '2026-03-15']]);
  expect((await recorded()).map(([, , , enrolledAt]) => enrolledAt)).toEqual(['-infinity', expect.stringMatching(/^2026-03-1[34] /)]);
}, 60_000);
