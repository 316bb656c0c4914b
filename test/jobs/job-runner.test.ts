import type { JobHandler, ServiceModule } from '@platform/api';
import { appUrl, enableTenantRowLevelSecurity, ownerUrl, withClient, withTenant } from '@platform/db';
import { createLogger, startJobRunner } from '@platform/gateway';
import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { demoTenantIds } from '../db/probe-table';
import { knownCrontabs } from './crontab';

/*
 * A service of our own, as a real one would be: a tenant table with
 * row-level security, made by its migration, and jobs that reach it.
 */

class CreateJobProbes1799999999000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE job_probes (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id text NOT NULL,
        written_at timestamptz NOT NULL,
        written_by text NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'job_probes');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE job_probes');
  }
}

interface ProbePayload {
  readonly tenantId: string;
  readonly id: string;
}

function parseProbe(payload: unknown): ProbePayload {
  const { tenantId, id } = (payload ?? {}) as Partial<ProbePayload>;
  if (typeof tenantId !== 'string' || typeof id !== 'string') throw new Error('payload needs tenantId and id');
  return { tenantId, id };
}

/** Idempotent, as every job must be: a second delivery writes nothing. */
const writeProbe: JobHandler = async (payload, { db, clock }) => {
  const { tenantId, id } = parseProbe(payload);
  await withTenant({ db, tenant: { id: tenantId } }, (manager) =>
    manager.query('INSERT INTO job_probes (tenant_id, id, written_at, written_by) VALUES ($1, $2, $3, current_user) ON CONFLICT DO NOTHING', [tenantId, id, clock.now()]),
  );
};

const attemptsById = new Map<string, number>();
const rowsSeenWithoutTenant: number[] = [];

const jobsTestModule: ServiceModule = {
  name: 'jobs-test',
  entities: [],
  migrations: [CreateJobProbes1799999999000],
  resolvers: [],
  jobs: {
    'jobs-test.write-probe': writeProbe,
    'jobs-test.flaky-write-probe': async (payload, helpers) => {
      const { id } = parseProbe(payload);
      const attempt = (attemptsById.get(id) ?? 0) + 1;
      attemptsById.set(id, attempt);
      if (attempt === 1) throw new Error('processor unavailable');
      await writeProbe(payload, helpers);
    },
    'jobs-test.fail-with-secret': async (payload, { db }) => {
      const { secret } = payload as { secret: string };
      // Fails, and TypeORM's error keeps the query's parameters: the secret.
      await db.query('SELECT $1::text FROM no_such_table', [secret]);
    },
    'jobs-test.count-without-tenant': async (_payload, { db }) => {
      const rows: { n: number }[] = await db.query('SELECT count(*)::int AS n FROM job_probes');
      rowsSeenWithoutTenant.push(rows[0]!.n);
    },
    'jobs-test.write-without-tenant': async (payload, { db, clock }) => {
      const { tenantId, id } = parseProbe(payload);
      await db.query('INSERT INTO job_probes (tenant_id, id, written_at, written_by) VALUES ($1, $2, $3, current_user)', [tenantId, id, clock.now()]);
    },
  },
  schedules: [{ task: 'jobs-test.count-without-tenant', cron: '0 3 * * *' }],
};

const NOW = new Date('2031-03-04T05:06:07.000Z');

let platform: TestPlatform;
let norwalk: string;
let norman: string;

beforeAll(async () => {
  platform = await startTestPlatform({ extraModules: [jobsTestModule], jobs: true, schedules: true, clock: new FixedClock(NOW) });
  ({ norwalk, norman } = await demoTenantIds(platform));
});
afterAll(() => platform.close());

async function probes(tenantId: string): Promise<{ id: string; written_at: Date; written_by: string }[]> {
  return withTenant({ db: platform.db, tenant: { id: tenantId } }, (manager) => manager.query('SELECT id, written_at, written_by FROM job_probes ORDER BY id'));
}

function logEntries(): Record<string, unknown>[] {
  return platform.logLines().map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('running jobs', () => {
  it('runs a job as the app role, through withTenant, with the platform clock', async () => {
    await platform.runJob('jobs-test.write-probe', { tenantId: norwalk, id: 'first' });
    expect(await probes(norwalk)).toEqual([{ id: 'first', written_at: NOW, written_by: platform.settings.app.name }]);
    expect(await probes(norman)).toEqual([]);
    expect(logEntries()).toContainEqual(expect.objectContaining({ msg: 'job succeeded', component: 'jobs', task: 'jobs-test.write-probe', attempt: 1 }));
  });

  it('refuses a task no module registers, instead of queueing it forever', async () => {
    await expect(platform.runJob('jobs-test.no-such-task')).rejects.toThrow(/no module registers job task "jobs-test.no-such-task"/);
  });

  it('retries a job that threw, and logs the failed attempt', async () => {
    await platform.runJob('jobs-test.flaky-write-probe', { tenantId: norman, id: 'flaky' }, { maxAttempts: 3, timeoutMs: 15_000 });
    expect(attemptsById.get('flaky')).toBe(2);
    expect((await probes(norman)).map((p) => p.id)).toEqual(['flaky']);
    const entries = logEntries().filter((e) => e.task === 'jobs-test.flaky-write-probe');
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 50, msg: 'job failed', attempt: 1, maxAttempts: 3, willRetry: true, error: expect.objectContaining({ message: 'processor unavailable' }) }),
    );
    expect(entries).toContainEqual(expect.objectContaining({ msg: 'job succeeded', attempt: 2 }));
  });

  it('rejects with the error once the attempts run out, and logs it without the payload', async () => {
    const secret = 'secret-payload-value-7f3a9c';
    await expect(platform.runJob('jobs-test.fail-with-secret', { secret })).rejects.toThrow(/no_such_table/);
    expect(logEntries()).toContainEqual(
      expect.objectContaining({ msg: 'job failed', task: 'jobs-test.fail-with-secret', willRetry: false, error: expect.objectContaining({ code: '42P01', type: 'QueryFailedError' }) }),
    );
    expect(platform.logLines().join('\n')).not.toContain(secret);
  });
});

describe('tenant data in jobs', () => {
  it('shows a job that skips withTenant no rows at all', async () => {
    await platform.runJob('jobs-test.write-probe', { tenantId: norwalk, id: 'visible-with-tenant' });
    expect((await probes(norwalk)).length).toBeGreaterThan(0);
    await platform.runJob('jobs-test.count-without-tenant');
    // Every run saw none: the task's own schedule (03:00 UTC) may have run it as well while this file ran.
    expect(rowsSeenWithoutTenant.length).toBeGreaterThan(0);
    expect(new Set(rowsSeenWithoutTenant)).toEqual(new Set([0]));
  });

  it('refuses a write that skips withTenant', async () => {
    await expect(platform.runJob('jobs-test.write-without-tenant', { tenantId: norwalk, id: 'smuggled' })).rejects.toThrow(/row-level security/);
    expect((await probes(norwalk)).map((p) => p.id)).not.toContain('smuggled');
  });
});

describe("graphile-worker's schema", () => {
  it('belongs to the owner role; the app role cannot see into it', async () => {
    const { owner, appUsage } = await withClient(ownerUrl(platform.settings), async (client) => {
      const { rows } = await client.query<{ owner: string; appUsage: boolean }>(
        `SELECT pg_get_userbyid(nspowner) AS owner, has_schema_privilege($1, oid, 'USAGE') AS "appUsage" FROM pg_namespace WHERE nspname = 'graphile_worker'`,
        [platform.settings.app.name],
      );
      return rows[0]!;
    });
    expect({ owner, appUsage }).toEqual({ owner: platform.settings.owner.name, appUsage: false });

    await withClient(appUrl(platform.settings), async (app) => {
      await expect(app.query('SELECT * FROM graphile_worker.jobs')).rejects.toThrow(/permission denied for schema graphile_worker/);
      await expect(app.query('SELECT * FROM graphile_worker._private_jobs')).rejects.toThrow(/permission denied for schema graphile_worker/);
      await expect(app.query(`SELECT graphile_worker.add_job('jobs-test.write-probe', '{}')`)).rejects.toThrow(/permission denied for schema graphile_worker/);
    });
  });

  it("holds the modules' schedules in its crontab", async () => {
    // graphile-worker records each cron identifier when its cron starts, a moment after the runner does.
    const known = () => knownCrontabs(platform);
    const expected = [
      'autopay.run',
      'billing.disconnection-sweep',
      'customers.bill-due-reminders',
      'customers.new-bill-notices',
      'customers.paperless-lapses',
      'customers.rate-limit-cleanup',
      'jobs-test.count-without-tenant',
      'payments.expire-approvals',
      'payments.post',
      'payments.reconcile',
      'payments.settle-echecks',
      'phone.expire-calls',
    ];
    for (let tries = 0; tries < 50 && (await known()).length < expected.length; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await known()).toEqual(expected);
  });
});

describe('start-up checks', () => {
  const quiet = createLogger('silent');
  const start = (modules: readonly ServiceModule[]) => startJobRunner({ settings: platform.settings, modules, db: platform.db, clock: platform.clock, log: quiet, concurrency: 1 });
  const module = (name: string, tasks: string[], schedules: ServiceModule['schedules'] = []): ServiceModule => ({
    name,
    entities: [],
    migrations: [],
    resolvers: [],
    jobs: Object.fromEntries(tasks.map((task) => [task, writeProbe])),
    schedules,
  });

  it('refuses two modules registering the same task name', async () => {
    await expect(start([module('twin', ['twin.sweep']), module('twin', ['twin.sweep'])])).rejects.toThrow(/job task "twin.sweep" is registered twice/);
  });

  it('refuses a schedule naming an unknown task, and a bad cron expression', async () => {
    await expect(start([module('billing', ['billing.sweep'], [{ task: 'billing.swep', cron: '0 * * * *' }])])).rejects.toThrow(/no module registers/);
    await expect(start([module('billing', ['billing.sweep'], [{ task: 'billing.sweep', cron: 'hourly' }])])).rejects.toThrow(/bad cron expression "hourly"/);
  });
});
