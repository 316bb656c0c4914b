import { localDateOf } from '@platform/core';
import { ownerUrl, withClient } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { newCustomer, processorCharges, seedEnrolledAccounts, startAutopayCli } from '../autopay/autopay-api';
import { TEST_PLATFORM_SIGNING, eventually, killLeftoverProcesses, staffOn, startGatewayProcess } from './platform-process';

/*
 * AUTOPAY_CHARGE_CONCURRENCY is "processor calls one autopay run has in flight at once, and so the most PENDING
 * payments it has committed without an answer (what a crash leaves to reconciliation)" (README). An operator sets it
 * for every process. `pnpm worker` honoured it; the gateway (`pnpm start`, every gateway instance: an ADMIN's
 * runAutopay, and the hourly pass where the instance runs jobs) and `pnpm cli autopay:run` built their autopay
 * settings without it and charged at autopay's own default whatever the setting said.
 */

const LIMIT = 2;
let platform: TestPlatform;
beforeAll(async () => {
  // The sandbox takes each 13.13 charge at once and answers it 2.5 s later.
  platform = await startTestPlatform({ sandboxHangMs: 2500 });
  await withClient(ownerUrl(platform.settings), (owner) => owner.query(`UPDATE tenants SET settings = jsonb_set(settings, '{autopayRules,deductionDay}', '1') WHERE slug = 'norwalk'`));
}, 60_000);
afterAll(async () => {
  await killLeftoverProcesses();
  await platform.close();
});

const today = () => localDateOf(new Date(), 'America/Los_Angeles');

/** Twelve more accounts enrolled for this month, each owing 13.13; resolves to how many 13.13 charges the processor already held. */
async function enrolledAccounts(prefix: string): Promise<number> {
  const payer = await newCustomer(platform, { email: `concurrency-${prefix.toLowerCase()}@example.com`, accounts: [] });
  await seedEnrolledAccounts(platform, 'norwalk', { count: 12, prefix, userId: payer.userId, savedMethodId: payer.cardId, firstCycle: today().slice(0, 7), amountCents: 1313n });
  return charged();
}

const charged = async () => (await processorCharges(platform)).filter((charge) => charge.amount === '1313').length;

/** Once a run's first charge reaches the processor, how many of its charges the processor holds a second later (none can have been answered for 2.5 s). */
async function chargesOnTheWire(before: number): Promise<number> {
  await eventually(charged, (n) => n > before, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return (await charged()) - before;
}

it('a gateway process honours AUTOPAY_CHARGE_CONCURRENCY: with 2, no more than 2 charges of a run are on the wire at once', async () => {
  const before = await enrolledAccounts('C');
  const gateway = await startGatewayProcess(platform, {
    JOBS_ENABLED: 'false',
    ...TEST_PLATFORM_SIGNING,
    PROCESSOR_TIMEOUT_MS: '4000',
    AUTOPAY_CHARGE_CONCURRENCY: String(LIMIT),
  });
  const admin = await staffOn(platform, gateway, 'ADMIN');
  // Settled either way: a failure below must not leave it to reject unhandled once the gateway is gone.
  const running = admin.request('mutation { runAutopay { run { id } userErrors { code } } }').catch((error: unknown) => error);

  expect(await chargesOnTheWire(before)).toBeLessThanOrEqual(LIMIT);
  await running;
  gateway.child.kill('SIGTERM');
  await gateway.exited;
}, 120_000);

it('`pnpm cli autopay:run` honours AUTOPAY_CHARGE_CONCURRENCY too', async () => {
  const before = await enrolledAccounts('L');
  const run = startAutopayCli(platform, today(), { AUTOPAY_CHARGE_CONCURRENCY: String(LIMIT), PROCESSOR_TIMEOUT_MS: '4000' });

  expect(await chargesOnTheWire(before)).toBeLessThanOrEqual(LIMIT);
  const exited = await run.exited;
  expect({ code: exited.code, charged: (await charged()) - before }).toEqual({ code: 0, charged: 12 });
}, 120_000);
