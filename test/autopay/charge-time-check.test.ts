import { withTenant } from '@platform/db';
import { autopayPlatform } from './autopay-platform';
import { tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { IMPORT_LIST, signInStaff } from '../billing/billing-api';
import { RUN_AUTOPAY, amountDueNow, at, autopayPayments, centsOf, newCustomer, openAccountWithBill, type Customer, enrolAutopay } from './autopay-api';
import { untilWaitingOnLocks } from '../db/lock-waits';

/*
 * A run claims a page of accounts, then charges them wave by wave as the
 * processor frees its slots: behind a slow processor, minutes after the
 * claim. A customer who cancels autopay or pays by other means meanwhile is
 * not charged what the claim said: each charge is decided again as its
 * payment is recorded, and one decided otherwise is put back for the next
 * run. Each test makes the gap deterministic by holding the account's
 * enrolment row (as a cancel in progress does) until the run waits on it.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock } = env;
let tenantId: string;
beforeAll(async () => {
  [{ id: tenantId }] = (await env.platform.db.query<{ id: string }[]>(`SELECT id FROM tenants WHERE slug = 'norwalk'`)) as [{ id: string }];
});

async function enrolledCustomer(email: string, accountNumber: string, bill: string): Promise<{ customer: Customer; accountId: string }> {
  await openAccountWithBill(env.platform, accountNumber, bill);
  const customer = await newCustomer(env.platform, { email, accounts: [accountNumber] });
  const accountId = customer.accounts[accountNumber]!;
  await enrolAutopay(customer, accountId);
  return { customer, accountId };
}

/**
 * Runs autopay while the account's enrolment row is held by a transaction
 * that first does `change` (null: only holds it), and lets that transaction
 * commit once the run waits on the row (or has finished without waiting, as
 * a run that does not check again would). `meanwhile` runs while the row is
 * held, after the run has claimed the account.
 */
async function runWhileEnrollmentHeld(accountId: string, change: string | null, meanwhile: () => Promise<void> = async () => {}): Promise<void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const holding = withTenant({ db: env.platform.db, tenant: { id: tenantId } }, async (manager) => {
    // NO KEY UPDATE, as an update of the row takes: the run's claim (a deduction referring to the enrolment) goes ahead.
    await manager.query(change ?? 'SELECT 1 FROM autopay_enrollments WHERE service_account_id = $1 FOR NO KEY UPDATE', [accountId]);
    held();
    await released;
  });
  await isHeld;
  let finished = false;
  const running = env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 }).finally(() => (finished = true));
  await confirmationsWaiting(1, () => finished);
  await meanwhile();
  release();
  await holding;
  await running;
}

/** Resolves once `n` runs wait on a held row to confirm their charges (or `done` says there is no point waiting). */
const confirmationsWaiting = (n: number, done: () => boolean) => untilWaitingOnLocks(env.platform.db, '%FOR NO KEY UPDATE OF e%', { n, finished: done });

/** A cycle whose first attempt (on Norwalk's 15th) failed, as a run leaves it: a retry due on `retryOn`. */
const firstAttemptFailed = (accountId: string, cycle: string, retryOn: string) =>
  tenantRows(
    env.platform,
    'norwalk',
    `INSERT INTO autopay_deductions (tenant_id, service_account_id, cycle, deduction_date, status, attempts, first_attempted_on, next_attempt_on, updated_at)
     SELECT tenant_id, service_account_id, $2, ($2 || '-15')::date, 'RETRY_SCHEDULED', 1, ($2 || '-15')::date, $3::date, now() FROM autopay_enrollments WHERE service_account_id = $1`,
    [accountId, cycle, retryOn],
  );

const deductionsOf = (accountId: string) =>
  tenantRows<{ cycle: string; status: string; attempts: number; next_attempt_on: string | null }>(
    env.platform,
    'norwalk',
    'SELECT cycle, status, attempts, next_attempt_on::text FROM autopay_deductions WHERE service_account_id = $1 ORDER BY cycle',
    [accountId],
  );
const paymentsOf = async (accountId: string) => (await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === accountId).map((p) => [p.status, p.amount_cents]);

it('does not charge a customer whose cancel commits while the run waits to charge them', async () => {
  at(clock, '2026-03-10T18:00:00Z');
  const { accountId } = await enrolledCustomer('cancels.meanwhile@example.com', '10-6001-00', '42.00');

  at(clock, '2026-03-15T09:00:00Z');
  await runWhileEnrollmentHeld(accountId, `UPDATE autopay_enrollments SET status = 'CANCELLED', updated_at = now() WHERE service_account_id = $1`);

  expect(await paymentsOf(accountId)).toEqual([]);
  // Put back as if never claimed; enrolment cancelled, so no later run attempts the month.
  expect(await deductionsOf(accountId)).toEqual([]);
  at(clock, '2026-03-15T10:00:00Z');
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  expect(await paymentsOf(accountId)).toEqual([]);
});

it('charges a customer who paid part by other means meanwhile only what is left, in the next run', async () => {
  at(clock, '2026-03-16T18:00:00Z');
  const { customer, accountId } = await enrolledCustomer('pays.meanwhile@example.com', '10-6002-00', '60.00');

  at(clock, '2026-04-15T09:00:00Z');
  const owed = BigInt(centsOf(await amountDueNow(customer, '10-6002-00')));
  await runWhileEnrollmentHeld(accountId, null, async () => {
    const web = await pay(env.platform.client.asTenant('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-6002-00', amount: '25.00' }],
      token: await cardToken(env.platform),
      payerEmail: 'pays.meanwhile@example.com',
    });
    expect(web.payment?.status).toBe('CAPTURED');
  });

  expect(await paymentsOf(accountId)).toEqual([]);
  expect(await deductionsOf(accountId)).toEqual([]);
  at(clock, '2026-04-15T10:00:00Z');
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  expect(await paymentsOf(accountId)).toEqual([['CAPTURED', (owed - 2500n).toString()]]);
});

it('puts a retry decided otherwise back as due today, and the next run settles it', async () => {
  at(clock, '2026-04-16T18:00:00Z');
  const { customer, accountId } = await enrolledCustomer('retry.meanwhile@example.com', '10-6003-00', '30.00');
  // May's first attempt failed; its retry is due on the 18th.
  await firstAttemptFailed(accountId, '2026-05', '2026-05-18');

  at(clock, '2026-05-18T09:00:00Z');
  const owed = await amountDueNow(customer, '10-6003-00');
  await runWhileEnrollmentHeld(accountId, null, async () => {
    const web = await pay(env.platform.client.asTenant('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-6003-00', amount: owed }],
      token: await cardToken(env.platform),
      payerEmail: 'retry.meanwhile@example.com',
    });
    expect(web.payment?.status).toBe('CAPTURED');
  });

  expect(await paymentsOf(accountId)).toEqual([]);
  expect(await deductionsOf(accountId)).toEqual([{ cycle: '2026-05', status: 'RETRY_SCHEDULED', attempts: 1, next_attempt_on: '2026-05-18' }]);
  at(clock, '2026-05-18T10:00:00Z');
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  expect(await paymentsOf(accountId)).toEqual([]);
  expect(await deductionsOf(accountId)).toEqual([{ cycle: '2026-05', status: 'SKIPPED', attempts: 1, next_attempt_on: null }]);
});

it('charges once, and records it, when a second run follows up the claim a run is about to charge', async () => {
  at(clock, '2026-05-20T18:00:00Z');
  const { accountId } = await enrolledCustomer('two.runs@example.com', '10-6004-00', '42.00');

  // The scheduled run claims June's deduction and waits to confirm it; staff start another run meanwhile, which finds
  // the claim with no payment yet and charges it as claimed, under the same key.
  at(clock, '2026-06-15T09:00:00Z');
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  let staffRun: Promise<{ runAutopay: { userErrors: unknown[] } }> | undefined;
  await runWhileEnrollmentHeld(accountId, null, async () => {
    let done = false;
    staffRun = admin.data<{ runAutopay: { userErrors: unknown[] } }>(RUN_AUTOPAY, { date: '2026-06-15' }).finally(() => (done = true));
    await confirmationsWaiting(2, () => done);
  });
  expect((await staffRun!).runAutopay.userErrors).toEqual([]);

  expect(await paymentsOf(accountId)).toEqual([['CAPTURED', '4200']]);
  expect(await deductionsOf(accountId)).toEqual([{ cycle: '2026-06', status: 'CHARGED', attempts: 1, next_attempt_on: null }]);
});

it('charges an account once when two runs each confirm one of its cycles: a retry and the next month, due the same day', async () => {
  at(clock, '2026-06-20T18:00:00Z');
  const { customer, accountId } = await enrolledCustomer('two.runs.two.cycles@example.com', '10-6005-00', '42.00');
  // July's first attempt failed; its retry is due on August 15, the day August's first attempt is due too.
  await firstAttemptFailed(accountId, '2026-07', '2026-08-15');

  // The scheduled run claims July's retry for what is owed and waits to confirm it. A bill arrives; staff start a run,
  // which finds the claim decided otherwise now (more is owed), leaves it to its run, and claims August for all of it.
  at(clock, '2026-08-15T09:00:00Z');
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  let staffRun: Promise<{ runAutopay: { userErrors: unknown[] } }> | undefined;
  await runWhileEnrollmentHeld(accountId, null, async () => {
    await admin.data(IMPORT_LIST, { bills: [{ billNumber: 'B-10-6005-00-2', accountNumber: '10-6005-00', issueDate: '2026-08-15', dueDate: '2026-09-05', water: '10.00' }] });
    let done = false;
    staffRun = admin.data<{ runAutopay: { userErrors: unknown[] } }>(RUN_AUTOPAY, { date: '2026-08-15' }).finally(() => (done = true));
    await confirmationsWaiting(2, () => done);
  });
  await staffRun;

  // One charge, as the first run claimed it; the staff run's claim of August, decided again after it, is put back.
  expect(await paymentsOf(accountId)).toEqual([['CAPTURED', '4200']]);
  expect(await deductionsOf(accountId)).toEqual([{ cycle: '2026-07', status: 'CHARGED', attempts: 2, next_attempt_on: null }]);
  // The next run charges what the bill added, and no more.
  at(clock, '2026-08-15T10:00:00Z');
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  expect((await paymentsOf(accountId)).sort()).toEqual([
    ['CAPTURED', '1000'],
    ['CAPTURED', '4200'],
  ]);
  expect(await amountDueNow(customer, '10-6005-00')).toBe('0.00');
});
