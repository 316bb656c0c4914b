import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { queueMessage } from '../notifications/notification-api';
import { startSmtpCatcher, type SmtpCatcher } from '../notifications/smtp-catcher';
import { startDatabaseRelay, type DatabaseRelay } from './database-relay';
import { killLeftoverProcesses, startWorkerProcess, type PlatformProcess } from './platform-process';

/*
 * The database fails over: the old primary's address now drops packets (no RST, no FIN), and the same address
 * (DNS, a VIP) leads to the new primary for new connections. The README's DATABASE_SILENCE_LIMIT_MS makes a gateway
 * cut a connection the database leaves silent and open another; a worker (`pnpm worker`, the process production
 * leaves every job to: autopay charges, receipts, reminders) is given DATABASE_SILENCE_LIMIT_MS=3000 here too. What an
 * operator sees: after the failover the worker stays up, logs nothing useful and never delivers another message (nor
 * runs another job) until someone restarts it. What they should see: like the gateways, the worker gives up on the
 * silent connections and carries on through new ones, so a receipt queued after the failover reaches the resident.
 */

let smtp: SmtpCatcher;
let platform: TestPlatform;
let relay: DatabaseRelay;
let worker: PlatformProcess;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({ seed: true });
  relay = await startDatabaseRelay(platform.settings.adminUrl);
  worker = startWorkerProcess(platform, {
    DATABASE_URL: relay.through(platform.settings.adminUrl),
    SMTP_URL: smtp.url,
    DATABASE_SILENCE_LIMIT_MS: '3000',
    NOTIFICATION_POLL_MS: '500',
    SMTP_TIMEOUT_MS: '5000',
    LOG_LEVEL: 'info',
  });
  const end = Date.now() + 60_000;
  while (!worker.output().includes('worker running')) {
    if (Date.now() > end) throw new Error(`the worker did not start:\n${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 120_000);
afterAll(async () => {
  await killLeftoverProcesses();
  await relay?.close();
  await platform?.close();
  await smtp?.close();
});

async function delivered(to: string, withinMs: number): Promise<boolean> {
  const end = Date.now() + withinMs;
  for (;;) {
    if (smtp.accepted.some((message) => message.envelopeTo.includes(to))) return true;
    if (Date.now() >= end) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('a worker carries on delivering after the database fails over, as a gateway does, rather than hanging on the dead connections', async () => {
  await queueMessage(platform, 'norwalk', { to: 'before-failover@example.com' });
  expect(await delivered('before-failover@example.com', 30_000)).toBe(true);

  relay.failover();
  await queueMessage(platform, 'norwalk', { to: 'after-failover@example.com' });
  // Far beyond the 3 s silence limit, a few polls and a send.
  const after = await delivered('after-failover@example.com', 60_000);
  if (!after)
    process.stderr.write(
      `WORKER OUTPUT:\n${worker
        .output()
        .split('\n')
        .filter((l) => !/"msg":"(job succeeded|request)"/.test(l))
        .slice(-15)
        .join('\n')}\n`,
    );
  expect(after).toBe(true);
}, 150_000);

it('a worker whose connection is lost as it records a finished job stays up, and runs the jobs after it', async () => {
  // graphile-worker, left to itself, lets a job's completion that fails this way reject with nothing to catch it, and
  // Node ends the process: no job runs again until someone restarts it.
  const completionCut = relay.cutWhenSent(/complete_job\/|_private_jobs as jobs\s+where id/);
  // The next job to finish, whichever: this message's delivery pass, or a schedule's.
  await queueMessage(platform, 'norwalk', { to: 'completion-cut@example.com' });
  await completionCut;
  // What an operator reads: the job is not recorded as done, so it runs again once its lock expires (jobs are idempotent).
  const end = Date.now() + 30_000;
  while (!/Failed to complete job/.test(worker.output()) && worker.child.exitCode === null && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));

  await queueMessage(platform, 'norwalk', { to: 'after-completion-cut@example.com' });
  const exitedMeanwhile = await Promise.race([worker.exited.then(() => true), delivered('after-completion-cut@example.com', 60_000).then(() => false)]);
  expect({ exitedMeanwhile, output: exitedMeanwhile ? worker.output().split('\n').slice(-15).join('\n') : '' }).toEqual({ exitedMeanwhile: false, output: '' });
  expect(await delivered('after-completion-cut@example.com', 0)).toBe(true);
  expect(await delivered('completion-cut@example.com', 0)).toBe(true);
}, 150_000);
