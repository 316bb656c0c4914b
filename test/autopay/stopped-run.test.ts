import { addDays, localDateOf } from '@platform/core';
import { autopayPlatform } from './autopay-platform';
import { tenantRows } from '../customers/customer-api';
import { autopayPayments, newCustomer, processorCharges, seedEnrolledAccounts, startAutopayCli } from './autopay-api';

/*
 * A run told to stop part-way (Ctrl-C on `pnpm cli autopay:run`, or SIGTERM
 * to a worker during its autopay pass) sends nothing more, and answers and
 * records what it sent: no payment is left for reconciliation, no charge
 * unrecorded. The claims it did not send wait, and the next run charges
 * them, once each. Before, the signal ended the process where it stood, as
 * a crash does.
 */

const ACCOUNTS = 60;
const env = autopayPlatform(new Date().toISOString(), { demoDataAt: 'today', jobs: false });
const { clock } = env;
let runDate: string;
beforeAll(async () => {
  // Last month's deduction day (Norwalk: the 15th) is in the past whatever today is.
  const thisMonth = localDateOf(clock.now(), 'America/Los_Angeles').slice(0, 7);
  runDate = `${addDays(`${thisMonth}-01`, -1).slice(0, 7)}-15`;
  const payer = await newCustomer(env.platform, { email: 'stopped.landlord@example.com', accounts: [] });
  await seedEnrolledAccounts(env.platform, 'norwalk', { count: ACCOUNTS, prefix: 'S', userId: payer.userId, savedMethodId: payer.cardId, firstCycle: runDate.slice(0, 7), amountCents: 1234n });
}, 60_000);

const charged = async () => (await processorCharges(env.platform)).length;
const deductions = async () =>
  tenantRows<{ status: string; paid: boolean; n: number }>(
    env.platform,
    'norwalk',
    `SELECT status, payment_id IS NOT NULL AS paid, count(*)::int AS n FROM autopay_deductions GROUP BY 1, 2 ORDER BY 1, 2`,
  );

it('a run stopped part-way records what it charged, leaves nothing in doubt, and the next run charges the rest once', async () => {
  const first = startAutopayCli(env.platform, runDate);
  const deadline = Date.now() + 60_000;
  while ((await charged()) < ACCOUNTS / 10 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  first.signal('SIGTERM');
  const stopped = await first.exited;
  expect(stopped.code).toBe(1);
  expect(JSON.parse(stopped.stdout)).toMatchObject({ ok: false, stopped: true, date: runDate });

  // Every charge made is on its payment and its deduction; none waits for reconciliation.
  const made = await charged();
  expect(made).toBeLessThan(ACCOUNTS);
  const payments = await autopayPayments(env.platform, 'norwalk');
  expect(payments.map((p) => p.status)).toEqual(Array(made).fill('CAPTURED'));
  expect(await deductions()).toEqual([
    { status: 'CHARGED', paid: true, n: made },
    { status: 'CHARGING', paid: false, n: ACCOUNTS - made },
  ]);

  const second = startAutopayCli(env.platform, runDate);
  expect((await second.exited).code).toBe(0);
  expect(await deductions()).toEqual([{ status: 'CHARGED', paid: true, n: ACCOUNTS }]);
  const keys = (await processorCharges(env.platform)).map((c) => c.idempotencyKey);
  expect(new Set(keys).size).toBe(ACCOUNTS);
  expect(new Set((await autopayPayments(env.platform, 'norwalk')).map((p) => p.service_account_id)).size).toBe(ACCOUNTS);
}, 120_000);
