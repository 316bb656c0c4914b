import { addDays, localDateOf } from '@platform/core';
import { autopayPlatform } from './autopay-platform';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { RUN_AUTOPAY, autopayPayments, newCustomer, processorCharges, seedEnrolledAccounts, startAutopayCli, type RunShape } from './autopay-api';

/*
 * A run is killed (SIGKILL, no chance to clean up) in the middle of charging
 * 60 accounts, then started again: nobody is charged twice, and
 * everybody is charged. The run is the built CLI, `pnpm cli autopay:run`, in
 * its own process against this file's database and sandbox processor, as an
 * operator would start it; it runs on the system clock, so the platform's
 * clock starts at the real time here.
 */

// Enough that a kill lands mid-run with charges on both sides of it; a bigger run proves nothing more and costs seconds.
const ACCOUNTS = 60;
const env = autopayPlatform(new Date().toISOString(), { demoDataAt: 'today' });
const { clock } = env;
let runDate: string;
let accountIds: string[];
beforeAll(async () => {
  // Last month's deduction day (Norwalk: the 15th) is in the past whatever today is.
  const thisMonth = localDateOf(clock.now(), 'America/Los_Angeles').slice(0, 7);
  runDate = `${addDays(`${thisMonth}-01`, -1).slice(0, 7)}-15`;
  const payer = await newCustomer(env.platform, { email: 'landlord@example.com', accounts: [] });
  accountIds = await seedEnrolledAccounts(env.platform, 'norwalk', {
    count: ACCOUNTS,
    prefix: 'K',
    userId: payer.userId,
    savedMethodId: payer.cardId,
    firstCycle: runDate.slice(0, 7),
    amountCents: 4321n,
  });
}, 60_000);

const chargedKeys = async () => (await processorCharges(env.platform)).map((c) => c.idempotencyKey);
const openDeductions = async () =>
  Number((await tenantRows<{ n: string }>(env.platform, 'norwalk', `SELECT count(*) AS n FROM autopay_deductions WHERE status IN ('CHARGING', 'RETRY_SCHEDULED')`))[0]!.n);

it('a run killed mid-way and started again charges every account exactly once', async () => {
  const first = startAutopayCli(env.platform, runDate);
  // Wait until the processor has taken a tenth of the charges, then kill the process where it stands.
  const deadline = Date.now() + 60_000;
  while ((await chargedKeys()).length < ACCOUNTS / 10 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  first.signal('SIGKILL');
  const killed = await first.exited;
  expect(killed.signal).toBe('SIGKILL');
  const atKill = (await chargedKeys()).length;
  expect(atKill).toBeGreaterThanOrEqual(ACCOUNTS / 10);
  expect(atKill).toBeLessThan(ACCOUNTS);

  // Started again: it finishes the cycle, leaving only what the dead process had in flight to be settled.
  const second = startAutopayCli(env.platform, runDate);
  const finished = await second.exited;
  expect(finished.code).toBe(0);
  expect(JSON.parse(finished.stdout)).toMatchObject({ ok: true, date: runDate });

  // Payments the dead process left PENDING are settled by reconciliation once surely stale, then the next pass
  // records them, and any whose charge never reached the processor is retried three days on. Counted from today, not
  // from the run's date: this catch-up pass makes its attempts today (whether there is any depends on where the kill landed).
  clock.set(new Date(Date.now() + 120_000));
  await env.platform.runJob('payments.reconcile', {}, { timeoutMs: 30_000 });
  const today = localDateOf(clock.now(), 'America/Los_Angeles');
  for (const [date, days] of [
    [runDate, 0],
    [addDays(today, 3), 3],
  ] as const) {
    clock.set(new Date(Date.now() + 120_000 + days * 86_400_000));
    const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const { runAutopay } = await admin.data<{ runAutopay: { run: RunShape | null; userErrors: unknown[] } }>(RUN_AUTOPAY, { date });
    expect(runAutopay.userErrors).toEqual([]);
  }
  expect(await openDeductions()).toBe(0);

  const keys = await chargedKeys();
  expect(keys).toHaveLength(ACCOUNTS);
  expect(new Set(keys).size).toBe(ACCOUNTS);
  const captured = (await autopayPayments(env.platform, 'norwalk')).filter((p) => p.status === 'CAPTURED');
  expect(captured.map((p) => p.service_account_id).sort()).toEqual([...accountIds].sort());
  expect(captured.every((p) => p.amount_cents === '4321')).toBe(true);
  // Every processor charge belongs to one of those payments, under the payment's own key.
  expect(keys.sort()).toEqual(captured.map((p) => `payment-${p.id}`).sort());
}, 180_000);

it('running the finished cycle again, from the CLI, charges nobody', async () => {
  const before = (await chargedKeys()).length;
  const again = startAutopayCli(env.platform, runDate);
  const result = await again.exited;
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, charged: 0, failed: 0, suspended: 0, awaitingProcessor: 0 });
  expect((await chargedKeys()).length).toBe(before);
}, 60_000);
