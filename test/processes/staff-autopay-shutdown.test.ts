import { localDateOf } from '@platform/core';
import { ownerUrl, withClient } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { autopayPayments, newCustomer, processorCharges, seedEnrolledAccounts } from '../autopay/autopay-api';
import { TEST_PLATFORM_SIGNING, eventually, killLeftoverProcesses, staffOn, startGatewayProcess } from './platform-process';

/*
 * A deploy (SIGTERM) reaches a gateway while a city's ADMIN is running autopay by hand (runAutopay). A worker and the
 * CLI stop such a run cleanly: no further wave, every charge sent is recorded, exit 0 (README, Processes in production).
 * The gateway runs the same run as a request: it used to give the run no stop signal and wait for the whole run, which
 * outlived SHUTDOWN_TIMEOUT_MS, and was then cut off (exit 1) with charges taken at the processor and recorded nowhere
 * (a run records a page's answers together, so every charge of the page was left PENDING for reconciliation), and the
 * ADMIN's request died unanswered. Now the run is told as the stop begins (RequestContext.stopping).
 */

const ACCOUNTS = 400;
let platform: TestPlatform;
beforeAll(async () => {
  // The sandbox answers each 13.13 charge after 2.5 s (the charge is made at once): a slow processor day.
  platform = await startTestPlatform({ sandboxHangMs: 2500 });
  await withClient(ownerUrl(platform.settings), (owner) => owner.query(`UPDATE tenants SET settings = jsonb_set(settings, '{autopayRules,deductionDay}', '1') WHERE slug = 'norwalk'`));
}, 60_000);
afterAll(async () => {
  await killLeftoverProcesses();
  await platform.close();
});

it('SIGTERM during a staff autopay run: the gateway stops the run as a worker does, records every charge it made and exits 0', async () => {
  const payer = await newCustomer(platform, { email: 'deploy-landlord@example.com', accounts: [] });
  const ids = await seedEnrolledAccounts(platform, 'norwalk', {
    count: ACCOUNTS,
    prefix: 'D',
    userId: payer.userId,
    savedMethodId: payer.cardId,
    firstCycle: localDateOf(new Date(), 'America/Los_Angeles').slice(0, 7),
    amountCents: 1313n,
  });
  const gateway = await startGatewayProcess(platform, {
    JOBS_ENABLED: 'false',
    ...TEST_PLATFORM_SIGNING,
    PROCESSOR_TIMEOUT_MS: '4000',
    SHUTDOWN_TIMEOUT_MS: '9000',
  });
  const admin = await staffOn(platform, gateway, 'ADMIN');
  const running = admin
    .request<{ runAutopay: { run: { id: string; finishedAt: string | null }; userErrors: unknown[] } }>('mutation { runAutopay { run { id finishedAt } userErrors { code } } }')
    .catch((error: unknown) => error);

  // The run is under way: the processor has taken its first charges.
  await eventually(
    async () => (await processorCharges(platform)).filter((charge) => charge.amount === '1313').length,
    (n) => n >= 10,
    30_000,
  );
  gateway.child.kill('SIGTERM');
  const exit = await gateway.exited;
  const answer = await running;

  const charged = (await processorCharges(platform)).filter((charge) => charge.amount === '1313').length;
  const payments = (await autopayPayments(platform, 'norwalk')).filter((payment) => ids.includes(payment.service_account_id));
  const pending = payments.filter((payment) => payment.status === 'PENDING');
  // What a worker or the CLI does with the same run (test/processes/worker-crash.test.ts): exit 0, nothing cut off,
  // every charge the processor took is on a CAPTURED payment, none waits for reconciliation.
  expect({ exit, timedOut: gateway.output().includes('shutdown timed out'), charged, pending: pending.length }).toEqual({
    exit: { code: 0, signal: null },
    timedOut: false,
    charged,
    pending: 0,
  });
  expect(charged).toBeLessThan(ACCOUNTS);
  // The ADMIN hears of it: the run, stopped part-way, unfinished for the next run to take up.
  expect(answer).toMatchObject({ status: 200, data: { runAutopay: { run: { finishedAt: null }, userErrors: [] } } });
}, 120_000);
