import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { startDatabaseRelay, type DatabaseRelay } from './database-relay';
import { killLeftoverProcesses, launchCliProcess, launchGatewayProcess, startWorkerProcess, type PlatformProcess } from './platform-process';

/*
 * A process started while its database says nothing (a frozen host, a partition, a failover whose old address now
 * drops packets: the outage DATABASE_SILENCE_LIMIT_MS is there for) gives up on it within the silence limit and exits
 * non-zero with one line naming the database it could not reach, never the password, so that its supervisor restarts
 * it (and, once the database is back, it starts). Waiting for ever, silent, was a worker that ran no job, a gateway
 * that never listened, a `pnpm cli migrate` that never ended.
 */

const SILENCE_MS = 3000;
let platform: TestPlatform;
let relay: DatabaseRelay;
beforeAll(async () => {
  platform = await startTestPlatform({ seed: false });
  relay = await startDatabaseRelay(platform.settings.adminUrl);
  relay.freeze();
}, 120_000);
afterAll(async () => {
  await killLeftoverProcesses();
  await relay?.close();
  await platform?.close();
});

const silent = () => ({ DATABASE_URL: relay.through(platform.settings.adminUrl), DATABASE_SILENCE_LIMIT_MS: String(SILENCE_MS), LOG_LEVEL: 'info' });

it.each<[string, () => PlatformProcess]>([
  ['the worker', () => startWorkerProcess(platform, silent())],
  ['a gateway', () => launchGatewayProcess(platform, { ...silent(), JOBS_ENABLED: 'false' })],
  ['pnpm cli migrate', () => launchCliProcess(platform, ['migrate'], silent())],
])(
  '%s, started while the database answers nothing, exits non-zero with one line naming it, rather than hang for ever',
  async (_, start) => {
    const started = Date.now();
    const program = start();
    // Loading the platform takes a few seconds on a busy machine; then one silence limit.
    const outcome = await Promise.race([
      program.exited.then(({ code }) => ({ exited: true, nonZero: code !== 0 && code !== null })),
      new Promise<{ exited: false }>((resolve) => setTimeout(() => resolve({ exited: false }), 40_000)),
    ]);
    const lastLine = program.output().trim().split('\n').at(-1) ?? '';
    const { host, pathname } = new URL(relay.through(platform.settings.adminUrl));
    expect({
      outcome,
      namesDatabase: lastLine.includes(`could not connect to the database at ${host}${pathname}: it said nothing for ${SILENCE_MS} ms`),
      password: program.output().includes(new URL(platform.settings.adminUrl).password),
      stack: /^\s+at .+:\d+:\d+\)?$/m.test(program.output()),
    }).toEqual({ outcome: { exited: true, nonZero: true }, namesDatabase: true, password: false, stack: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(SILENCE_MS);
  },
  60_000,
);
