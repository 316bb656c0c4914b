import { localDateOf } from '@platform/core';
import { ownerUrl, withClient } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { autopayPayments, newCustomer, processorCharges, seedEnrolledAccounts } from '../autopay/autopay-api';
import { knownCrontabs } from '../jobs/crontab';
import { eventually, startWorkerProcess, type PlatformProcess } from './platform-process';

/*
 * Issue 18 item 5: a worker process (`pnpm worker`) is killed with SIGKILL in
 * the middle of the hourly autopay pass, a queued job; a second worker takes
 * the next pass and finishes the cycle: every account charged, none twice.
 * Workers run on the system clock, so Norwalk deducts on the 1st here, which
 * makes today's pass charge this month's cycle whatever the date. Then the
 * same pass told to stop (SIGTERM, a deploy): it sends nothing more, records
 * what it sent, and exits cleanly.
 */

const ACCOUNTS = 60;
// A worker's run charges this many accounts at once (AUTOPAY_CHARGE_CONCURRENCY, set below): at most that many are committed PENDING and unanswered at the kill.
const RUN_CONCURRENCY = 8;
let platform: TestPlatform;
let accountIds: string[];
let payer: { userId: string; cardId: string };
beforeAll(async () => {
  platform = await startTestPlatform();
  await withClient(ownerUrl(platform.settings), (owner) => owner.query(`UPDATE tenants SET settings = jsonb_set(settings, '{autopayRules,deductionDay}', '1') WHERE slug = 'norwalk'`));
  payer = await newCustomer(platform, { email: 'crash-landlord@example.com', accounts: [] });
  accountIds = await seedEnrolledAccounts(platform, 'norwalk', {
    count: ACCOUNTS,
    prefix: 'W',
    userId: payer.userId,
    savedMethodId: payer.cardId,
    firstCycle: localDateOf(new Date(), 'America/Los_Angeles').slice(0, 7),
    amountCents: 2468n,
  });
}, 60_000);
const workers: PlatformProcess[] = [];
afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.exited));
  await platform.close();
});

/**
 * Starts `pnpm worker`; `running` resolves with it once it runs (it installs the queue's schema first). A start takes
 * seconds (it loads the whole platform): a test starts its next worker while the one before still runs its pass, once
 * that pass is locked to it, so the start is not waited for on its own.
 */
function spawnWorker(): { running: Promise<PlatformProcess> } {
  const worker = startWorkerProcess(platform, { JOBS_CONCURRENCY: '1', LOG_LEVEL: 'info', AUTOPAY_CHARGE_CONCURRENCY: String(RUN_CONCURRENCY) });
  workers.push(worker);
  const running = eventually(
    () => worker.output(),
    (output) => output.includes('worker running'),
    30_000,
  ).then(() => worker);
  // Awaited by the test later; a start that fails meanwhile is reported there, not as an unhandled rejection.
  running.catch(() => undefined);
  return { running };
}

/** Starts `pnpm worker` and waits until it runs. */
const startWorker = () => spawnWorker().running;

/** Resolves once the job `id` is locked to a worker (or done): taken, so no worker started after it can take it. */
async function lockedToAWorker(id: string): Promise<void> {
  await eventually(
    () =>
      withClient(
        ownerUrl(platform.settings),
        async (owner) => (await owner.query<{ locked: boolean }>('SELECT locked_at IS NOT NULL AS locked FROM graphile_worker.jobs WHERE id = $1', [id])).rows[0]?.locked ?? true,
      ),
    (locked) => locked,
    30_000,
  );
}

/** Test 1's second worker, left running (idle) for test 2 to use as its first: one start fewer. */
let idleWorker: PlatformProcess | null = null;

/** Queues the hourly pass as the schedule would (graphile-worker's add_job, as the owner role that runs the queue); returns the job's id. */
async function queueAutopayPass(): Promise<string> {
  return withClient(
    ownerUrl(platform.settings),
    async (owner) => (await owner.query<{ id: string }>(`SELECT id::text FROM graphile_worker.add_job('autopay.run', '{}'::json, max_attempts => 1)`)).rows[0]!.id,
  );
}

async function jobsLeft(ids: readonly string[]): Promise<number> {
  return withClient(ownerUrl(platform.settings), async (owner) =>
    Number((await owner.query<{ n: string }>('SELECT count(*) AS n FROM graphile_worker.jobs WHERE id = ANY($1::bigint[])', [ids])).rows[0]!.n),
  );
}

/** For each of `ids` (by default, the first test's accounts): its autopay payments (statuses) and how many charges the processor holds for them. */
async function perAccount(ids: readonly string[] = accountIds): Promise<{ payments: string[]; charges: number }[]> {
  const payments = (await autopayPayments(platform, 'norwalk')).filter((payment) => ids.includes(payment.service_account_id));
  const charges = (await processorCharges(platform)).map((charge) => charge.idempotencyKey);
  return ids.map((id) => {
    const mine = payments.filter((payment) => payment.service_account_id === id);
    return { payments: mine.map((payment) => payment.status), charges: charges.filter((key) => mine.some((payment) => key === `payment-${payment.id}`)).length };
  });
}

it('a worker killed in the middle of an autopay pass: a second worker finishes the cycle with one charge per account', async () => {
  const first = await startWorker();
  const firstJob = await queueAutopayPass();
  // The next worker starts meanwhile: the pass is the first's by then, and stays locked to it.
  await lockedToAWorker(firstJob);
  const next = spawnWorker();
  // Kill it where it stands once the processor has taken a tenth of the charges.
  await eventually(
    async () => (await perAccount()).filter((account) => account.charges > 0).length,
    (charged) => charged >= ACCOUNTS / 10,
    60_000,
  );
  first.child.kill('SIGKILL');
  expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
  const atKill = (await perAccount()).filter((account) => account.charges > 0).length;
  expect(atKill).toBeLessThan(ACCOUNTS);

  // The next pass, taken by another worker (the dead one's job stays locked to it: graphile-worker frees it after 4 hours).
  const second = await next.running;
  const secondJob = await queueAutopayPass();
  await eventually(
    () => jobsLeft([secondJob]),
    (left) => left === 0,
    60_000,
  );
  expect(await jobsLeft([firstJob])).toBe(1);

  const accounts = await perAccount();
  // Nobody is charged twice, and nobody has two payments for the cycle.
  expect(accounts.filter((account) => account.charges > 1 || account.payments.length > 1)).toEqual([]);
  // Everybody is charged, but for what the killed worker charged without recording it (a run records a page's charges
  // together) or had on the wire (at most a run's concurrency): those payments wait, PENDING, for reconciliation (after a
  // minute) to learn from the processor whether they were charged, and the next pass retries those that were not
  // (test/autopay/worker-crash.test.ts goes on from there).
  const captured = accounts.filter((account) => account.charges === 1 && account.payments[0] === 'CAPTURED');
  const awaiting = accounts.filter((account) => account.payments[0] === 'PENDING');
  expect(captured.length + awaiting.length).toBe(ACCOUNTS);
  expect(awaiting.length).toBeLessThanOrEqual(atKill + RUN_CONCURRENCY);
  expect(captured.length).toBeGreaterThanOrEqual(ACCOUNTS - atKill - RUN_CONCURRENCY);
  expect(accounts.filter((account) => account.charges === 0).every((account) => account.payments[0] === 'PENDING')).toBe(true);
  // Only this test's passes ran: the workers queued no schedule (a reconciliation tick would have settled PENDING ones).
  expect(await knownCrontabs(platform)).toEqual([]);
  // The second worker runs on, idle, into the next test, which stops it (SIGTERM, exit 0) in the middle of its pass.
  idleWorker = second;
}, 150_000);

it('a worker told to stop (SIGTERM) in the middle of an autopay pass records every charge it made, leaves none in doubt, and the next pass charges the rest once', async () => {
  const ids = await seedEnrolledAccounts(platform, 'norwalk', {
    count: ACCOUNTS,
    prefix: 'T',
    userId: payer.userId,
    savedMethodId: payer.cardId,
    firstCycle: localDateOf(new Date(), 'America/Los_Angeles').slice(0, 7),
    amountCents: 1357n,
  });
  const deductions = () =>
    tenantRows<{ status: string; paid: boolean; n: number }>(
      platform,
      'norwalk',
      `SELECT status, payment_id IS NOT NULL AS paid, count(*)::int AS n FROM autopay_deductions WHERE service_account_id = ANY($1::uuid[]) GROUP BY 1, 2 ORDER BY 1, 2`,
      [ids],
    );
  // Test 1's second worker, still running; a worker of its own when that test did not leave one.
  const first = idleWorker ?? (await startWorker());
  idleWorker = null;
  await lockedToAWorker(await queueAutopayPass());
  // The next worker starts meanwhile: the pass is the first's by then, and the first finishes it (stopped part-way).
  const next = spawnWorker();
  await eventually(
    async () => (await perAccount(ids)).filter((account) => account.charges > 0).length,
    (charged) => charged >= ACCOUNTS / 10,
    60_000,
  );
  first.child.kill('SIGTERM');
  expect(await first.exited).toEqual({ code: 0, signal: null });
  expect(first.output()).not.toContain('shutdown timed out');

  // Every charge made is on its payment, CAPTURED, and on its deduction; nothing waits for reconciliation.
  const atStop = await perAccount(ids);
  const made = atStop.filter((account) => account.charges > 0).length;
  expect(made).toBeLessThan(ACCOUNTS);
  expect(atStop.filter((account) => account.charges > 0).every((account) => account.charges === 1 && account.payments.join() === 'CAPTURED')).toBe(true);
  expect(atStop.filter((account) => account.charges === 0).every((account) => account.payments.length === 0)).toBe(true);
  expect(await deductions()).toEqual([
    { status: 'CHARGED', paid: true, n: made },
    { status: 'CHARGING', paid: false, n: ACCOUNTS - made },
  ]);

  // The next pass charges the claims the stopped one did not send, once each.
  const second = await next.running;
  const job = await queueAutopayPass();
  await eventually(
    () => jobsLeft([job]),
    (left) => left === 0,
    60_000,
  );
  expect(await deductions()).toEqual([{ status: 'CHARGED', paid: true, n: ACCOUNTS }]);
  expect((await perAccount(ids)).filter((account) => account.charges !== 1 || account.payments.join() !== 'CAPTURED')).toEqual([]);
  second.child.kill('SIGTERM');
  expect(await second.exited).toEqual({ code: 0, signal: null });
}, 150_000);
