import { withTenant } from '@platform/db';
import { FixedClock } from '@platform/testkit';
import { findTenantBySlug, toTenantRef } from '@platform/tenants';
import { cancelEnrollments, suspendEnrollments } from '../../services/autopay/src/runs/suspension.service';
import { tenantRows } from '../customers/customer-api';
import { untilWaitingOnLocks } from '../db/lock-waits';
import { countStatements } from '../gateway/statement-counter';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { changeCitySettings } from '../tenants/city-settings';
import { at, newCustomer, openAccountWithBill, type Customer, enrolAutopay } from './autopay-api';

/*
 * One worker's hourly pass queues a resident's reminder while another
 * worker's run stops the resident's autopay (the last retry of a declined
 * deduction suspends it; an account closed or unlinked ends it). The pass
 * holds the enrolment FOR KEY SHARE from its check that autopay is on until
 * its reminder is queued; the run's change used to take no lock that waits
 * for that, so it withdrew the reminders waiting at its start, committed,
 * and the pass's reminder arrived after it: "we will charge your card on
 * March 15" from autopay that had stopped. Here the test holds the pass
 * between its check and its reminder, stops the autopay meanwhile, and lets
 * the pass go. Norwalk deducts on the 15th and reminds 7 days before.
 */

const clock = new FixedClock(new Date('2026-03-06T18:00:00Z'));
const env = platformWithMailCatcher({ clock, jobs: true });
beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { reminderDaysBefore: 7 } });
});

async function enrolledResident(email: string, accountNumber: string): Promise<{ resident: Customer; accountId: string }> {
  at(clock, '2026-03-06T18:00:00Z');
  await openAccountWithBill(env.platform, accountNumber, '64.20');
  const resident = await newCustomer(env.platform, { email, accounts: [accountNumber] });
  const accountId = resident.accounts[accountNumber]!;
  await enrolAutopay(resident, accountId);
  return { resident, accountId };
}

/**
 * Inserts, uncommitted, the record of the reminder the pass is about to send: the pass's own insert of it waits on
 * this one, after the pass has checked the enrolment and locked it. Resolves to the release (a rollback).
 */
async function holdReminderRecord(accountId: string): Promise<() => Promise<void>> {
  const tenantId = (await findTenantBySlug(env.platform.db, 'norwalk'))!.id;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let inserted!: () => void;
  const hasInserted = new Promise<void>((resolve) => (inserted = resolve));
  const holding = env.platform.db
    .transaction(async (manager) => {
      await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      await manager.query(
        `INSERT INTO autopay_notices (tenant_id, service_account_id, cycle, kind, sent_at, deduction_date, enrolled_at)
         SELECT tenant_id, service_account_id, '2026-03', 'REMINDER', now(), '2026-03-15', enrolled_at FROM autopay_enrollments WHERE service_account_id = $1`,
        [accountId],
      );
      inserted();
      await released;
      throw new Error('rolled back');
    })
    .catch(() => undefined);
  await hasInserted;
  return async () => {
    release();
    await holding;
  };
}

/** The reminders queued for the customer, by what became of each. */
const reminderStatuses = async (customer: Customer) =>
  (
    await tenantRows<{ status: string }>(env.platform, 'norwalk', `SELECT status FROM notification_outbox WHERE recipient = $1 AND template = 'AUTOPAY_REMINDER' AND channel = 'EMAIL'`, [
      customer.email,
    ])
  ).map((n) => n.status);

const enrolmentStatus = async (accountId: string) =>
  (await tenantRows<{ status: string }>(env.platform, 'norwalk', 'SELECT status FROM autopay_enrollments WHERE service_account_id = $1', [accountId]))[0]!.status;

/** The pass of March 8 (its reminder day), held before its reminder while `stop` runs as another worker's run; then let go. */
async function stopDuringThePass(accountId: string, stop: () => Promise<unknown>): Promise<void> {
  at(clock, '2026-03-08T18:10:00Z');
  const letGo = await holdReminderRecord(accountId);
  const pass = env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  await untilWaitingOnLocks(env.platform.db, '%INSERT INTO autopay_notices%');
  // Stopped before the fix; now waiting for the pass, whose reminder it then withdraws.
  let stopEnded = false;
  const stopped = stop().finally(() => (stopEnded = true));
  await untilWaitingOnLocks(env.platform.db, '%FOR UPDATE OF e%', { finished: () => stopEnded });
  await letGo();
  await Promise.all([pass, stopped]);
}

const norwalkScope = async () => ({ db: env.platform.db, tenant: toTenantRef((await findTenantBySlug(env.platform.db, 'norwalk'))!), clock, locale: 'en' as const });

it('a suspension while the pass queues a reminder: the reminder is withdrawn with it, and only the suspension is sent', async () => {
  const { resident, accountId } = await enrolledResident('rosa.race@example.com', '10-9201-00');
  const scope = await norwalkScope();
  await stopDuringThePass(accountId, () =>
    withTenant(scope, (manager) =>
      suspendEnrollments(manager, scope, [{ serviceAccountId: accountId, cycle: '2026-03', accountNumber: '10-9201-00', userId: resident.userId, method: null, reason: 'PAYMENT_FAILED' }]),
    ),
  );

  expect(await enrolmentStatus(accountId)).toBe('SUSPENDED');
  expect(await reminderStatuses(resident)).toEqual(['SUPPRESSED']);
  const received = await env.deliveredTo(resident.email);
  expect(received.map((mail) => mail.subject)).toEqual([expect.stringMatching(/Auto ?Pay/i)]);
});

it('an enrolment the run ends (the account closed) while the pass queues a reminder: the reminder is withdrawn with it', async () => {
  const { resident, accountId } = await enrolledResident('carl.closed@example.com', '10-9202-00');
  const scope = await norwalkScope();
  await stopDuringThePass(accountId, () =>
    withTenant(scope, (manager) => cancelEnrollments(manager, clock.now(), [{ serviceAccountId: accountId, accountNumber: '10-9202-00', userId: resident.userId }])),
  );

  expect(await enrolmentStatus(accountId)).toBe('CANCELLED');
  expect(await reminderStatuses(resident)).toEqual(['SUPPRESSED']);
  expect(await env.deliveredTo(resident.email)).toEqual([]);
});

it('withdraws the waiting reminders of every enrolment a run suspends in one statement, and begins each one’s notices anew', async () => {
  const residents: { accountNumber: string; resident: Customer; accountId: string }[] = [];
  for (const [n, accountNumber] of ['10-9203-00', '10-9204-00', '10-9205-00'].entries()) {
    residents.push({ accountNumber, ...(await enrolledResident(`sam.batch${n}@example.com`, accountNumber)) });
  }
  // March's reminders are queued on the 8th, and wait: mail is down.
  at(clock, '2026-03-08T18:10:00Z');
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  for (const { resident } of residents) expect(await reminderStatuses(resident)).toEqual(['PENDING']);
  const enrolledAt = async (accountId: string) =>
    (await tenantRows<{ at: string }>(env.platform, 'norwalk', 'SELECT enrolled_at::text AS at FROM autopay_enrollments WHERE service_account_id = $1', [accountId]))[0]!.at;
  const before = await Promise.all(residents.map(({ accountId }) => enrolledAt(accountId)));

  at(clock, '2026-03-12T18:10:00Z');
  const scope = await norwalkScope();
  const { statements } = await countStatements(env.platform.db).during(() =>
    withTenant(scope, (manager) =>
      suspendEnrollments(
        manager,
        scope,
        residents.map(({ resident, accountId, accountNumber }) => ({
          serviceAccountId: accountId,
          cycle: '2026-03',
          accountNumber,
          userId: resident.userId,
          method: null,
          reason: 'PAYMENT_FAILED' as const,
        })),
      ),
    ),
  );

  expect(statements.filter((statement) => /UPDATE notification_outbox SET status = 'SUPPRESSED'/.test(statement))).toHaveLength(1);
  for (const [n, { resident, accountId }] of residents.entries()) {
    expect(await enrolmentStatus(accountId)).toBe('SUSPENDED');
    expect(await reminderStatuses(resident)).toEqual(['SUPPRESSED']);
    expect(await enrolledAt(accountId)).not.toBe(before[n]);
  }
});
