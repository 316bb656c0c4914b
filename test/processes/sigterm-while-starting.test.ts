import { ownerUrl, withClient } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { queueMessage } from '../notifications/notification-api';
import { startSmtpCatcher, type SmtpCatcher } from '../notifications/smtp-catcher';
import { killLeftoverProcesses, launchGatewayProcess, startGatewayProcess, startWorkerProcess, type PlatformProcess } from './platform-process';

/*
 * A SIGTERM (a deploy that rolls on before the new instance has finished starting, a scale-down, Ctrl-C) that comes
 * once a process's job runner has started, and so may have taken a job, but before the process is up. README
 * "Processes in production" promises the stop described there on SIGTERM: running jobs finish (or are handed back),
 * exit 0. `pnpm start` used to install its handlers only once its gateway listened, and the worker once its delivery
 * waker had connected: the signal's default action killed the process with the job it had taken, which graphile-worker
 * keeps locked for 4 hours as a crashed worker's.
 */

let smtp: SmtpCatcher;
let platform: TestPlatform;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({ notifications: { smtpUrl: smtp.url } });
  // An earlier instance installs the queue's schema, so that the runners below start taking jobs at once.
  const earlier = await startGatewayProcess(platform, { SMTP_URL: smtp.url });
  earlier.child.kill('SIGTERM');
  await earlier.exited;
}, 120_000);
afterAll(async () => {
  await killLeftoverProcesses();
  await platform?.close();
  await smtp?.close();
});

const lockedJobs = (ids: readonly string[]) =>
  withClient(ownerUrl(platform.settings), async (owner) =>
    (await owner.query<{ id: string }>('SELECT id::text FROM graphile_worker.jobs WHERE id = ANY($1) AND locked_at IS NOT NULL', [ids])).rows.map((row) => row.id),
  );

/*
 * The stop also came as a job ended: graphile-worker records a job's end without awaiting it, and the process closed
 * the queue's connections before that write (the job stayed locked, after a clean exit 0; about half the worker runs
 * under load). A patch of ours makes the runner's stop wait for it. The worker's case runs four times to meet it.
 */
it.each<[string, (env: Record<string, string>) => PlatformProcess]>([
  ['pnpm start, not listening yet', (env) => launchGatewayProcess(platform, env)],
  ...[1, 2, 3, 4].map((run): [string, (env: Record<string, string>) => PlatformProcess] => [
    `the worker, its delivery waker not connected yet (run ${run})`,
    (env) => startWorkerProcess(platform, env),
  ]),
])(
  'SIGTERM to %s, whose job runner is taking a delivery pass: a clean stop, exit 0, no job left locked',
  async (_, launch) => {
    // The stop must come before the process is up. Where the runner's start and "up" reach this test in one read of
    // its output, the signal came too late to test that: the stop is checked all the same, and the process started again.
    for (let attempt = 1; ; attempt++) {
      // A delivery pass waits in the queue with a message to send, to a server slow to take it: still sending at the signal.
      await queueMessage(platform, 'norman', { to: 'starting@example.com' });
      smtp.reply = () => ({ beforeAccept: () => new Promise((resolve) => setTimeout(resolve, 2000)) });
      const queued = await withClient(
        ownerUrl(platform.settings),
        async (owner) => (await owner.query<{ id: string }>(`SELECT id::text FROM graphile_worker.add_job('notifications.deliver', '{}'::json)`)).rows[0]!.id,
      );

      const starting = launch({ SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: '5000', LOG_LEVEL: 'info' });
      // The moment the runner has started (it takes the queued pass at once), the stop comes: on that line.
      let upWhenStopped: boolean | null = null;
      await new Promise<void>((resolve) => {
        starting.child.stdout!.on('data', () => {
          if (upWhenStopped !== null || !/job runner started/.test(starting.output())) return;
          upWhenStopped = /Utility billing platform is up|worker running/.test(starting.output());
          starting.child.kill('SIGTERM');
          resolve();
        });
        void starting.exited.then(() => resolve());
      });
      expect(await starting.exited).toEqual({ code: 0, signal: null });
      expect(await lockedJobs([queued])).toEqual([]);
      if (upWhenStopped === false) return;
      if (attempt === 5) throw new Error(`the process was up before its job runner's start was read, ${attempt} times: upWhenStopped ${String(upWhenStopped)}`);
    }
  },
  90_000,
);
