import { appUrl, createDataSource, runPreparedTogether, tenantRead, tenantRoundTrip, withClient, withTenant, type PreparedStatement } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { QueryFailedError, type DataSource } from 'typeorm';
import { createTenantProbeTable, demoTenantIds } from './probe-table';

/*
 * tenantRoundTrip sends a whole transaction as one pipeline with one Sync.
 * What must hold: the tenant setting reaches every statement of it (row-level
 * security sees it), it all commits or nothing does, and the setting ends
 * with it, so the pooled connection's next user starts clean. A pool of one
 * connection makes "the next user" the same connection.
 */
let platform: TestPlatform;
let db: DataSource;
let norwalk: string;
let norman: string;

const statement = (text: string): PreparedStatement => ({ name: '', text });
const INSERT = statement('INSERT INTO round_trip_probe (tenant_id, id, note) VALUES ($1, $2, $3) RETURNING id, note');
const COUNT = statement('SELECT count(*)::int AS n FROM round_trip_probe');
const SETTINGS = statement(`SELECT current_setting('app.tenant_id', true) AS tenant, current_setting('synchronous_commit') AS sync`);

beforeAll(async () => {
  platform = await startTestPlatform();
  ({ norwalk, norman } = await demoTenantIds(platform));
  await createTenantProbeTable(platform, 'round_trip_probe');
  db = createDataSource({ url: appUrl(platform.settings), entities: [], poolSize: 1, applicationName: 'round-trip-test' });
  await db.initialize();
});
afterAll(async () => {
  await db.destroy();
  await platform.close();
});

/** The scope of a Norwalk request, on the one-connection pool. */
const asNorwalk = { db: () => ({ db, tenant: { id: norwalk } }) };

describe('tenantRoundTrip', () => {
  it("runs its statements as the scope's tenant and answers each one's rows in order", async () => {
    const [inserted, counted] = await tenantRoundTrip(asNorwalk.db(), [
      { statement: INSERT, values: [norwalk, 1, 'first'] },
      { statement: COUNT, values: [] },
    ]);
    expect(inserted).toEqual([{ id: 1, note: 'first' }]);
    expect(counted).toEqual([{ n: 1 }]);
  });

  it("refuses another city's row and keeps nothing of the round trip", async () => {
    const attempt = tenantRoundTrip(asNorwalk.db(), [
      { statement: INSERT, values: [norwalk, 2, 'would be kept'] },
      { statement: INSERT, values: [norman, 3, 'smuggled'] },
    ]);
    await expect(attempt).rejects.toThrow(/row-level security/);
    await expect(attempt).rejects.toBeInstanceOf(QueryFailedError);
    const [counted] = await tenantRoundTrip(asNorwalk.db(), [{ statement: COUNT, values: [] }]);
    expect(counted).toEqual([{ n: 1 }]);
  });

  it('reports a unique violation with its constraint, as callers that lose an insert race look for it', async () => {
    const error: unknown = await tenantRoundTrip(asNorwalk.db(), [{ statement: INSERT, values: [norwalk, 1, 'again'] }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError & { driverError: { constraint?: string } }).driverError.constraint).toBe('round_trip_probe_pkey');
  });

  it("leaves the pooled connection as it found it (no tenant, the server's commit setting) once done", async () => {
    const [before] = await db.query<{ tenant: string | null; sync: string }[]>(SETTINGS.text);
    const [inside] = await tenantRoundTrip(asNorwalk.db(), [{ statement: SETTINGS, values: [] }], { waitForFlush: false });
    expect(inside).toEqual([{ tenant: norwalk, sync: 'off' }]);
    const [after] = await db.query<{ tenant: string | null; sync: string }[]>(SETTINGS.text);
    expect(after).toEqual(before);
    expect(after!.tenant ?? '').toBe('');
    expect(await db.query('SELECT * FROM round_trip_probe')).toEqual([]);
  });

  describe('named statements', () => {
    const PREPARED = `SELECT name FROM pg_prepared_statements WHERE name LIKE 'round-trip-test.%' ORDER BY name`;
    const DIVIDE: PreparedStatement = { name: 'round-trip-test.divide', text: 'SELECT 10 / $1::int AS quotient' };
    const BROKEN: PreparedStatement = { name: 'round-trip-test.broken', text: 'SELEC nothing' };
    const prepared = async (): Promise<string[]> => (await db.query<{ name: string }[]>(PREPARED)).map((row) => row.name);

    it('are parsed once per connection and run by name after, even when a run of one failed after its parse', async () => {
      // Bind and execute fail after a successful Parse: the statement is prepared, and the next run must not parse it again.
      await expect(tenantRoundTrip(asNorwalk.db(), [{ statement: DIVIDE, values: [0] }])).rejects.toThrow(/division by zero/);
      expect(await prepared()).toEqual(['round-trip-test.divide']);
      expect(
        await tenantRoundTrip(asNorwalk.db(), [
          { statement: DIVIDE, values: [5] },
          { statement: DIVIDE, values: [2] },
        ]),
      ).toEqual([[{ quotient: 2 }], [{ quotient: 5 }]]);
      expect(await prepared()).toEqual(['round-trip-test.divide']);
    });

    it('are not taken for prepared when their parse failed, nor are the statements after it', async () => {
      const AFTER: PreparedStatement = { name: 'round-trip-test.after', text: 'SELECT 1 AS one' };
      await expect(
        tenantRoundTrip(asNorwalk.db(), [
          { statement: BROKEN, values: [] },
          { statement: AFTER, values: [] },
        ]),
      ).rejects.toThrow(/syntax error/);
      expect(await prepared()).toEqual(['round-trip-test.divide']);
      expect(await tenantRoundTrip(asNorwalk.db(), [{ statement: AFTER, values: [] }])).toEqual([[{ one: 1 }]]);
      expect(await prepared()).toEqual(['round-trip-test.after', 'round-trip-test.divide']);
    });

    it('refuse a second text under a name the connection has prepared, sending nothing', async () => {
      const impostor: PreparedStatement = { name: DIVIDE.name, text: 'SELECT 20 / $1::int AS quotient' };
      await expect(tenantRoundTrip(asNorwalk.db(), [{ statement: impostor, values: [1] }])).rejects.toThrow(/Prepared statements must be unique/);
      expect(await tenantRoundTrip(asNorwalk.db(), [{ statement: DIVIDE, values: [1] }])).toEqual([[{ quotient: 10 }]]);
    });
  });

  describe('when its connection is cut mid-way', () => {
    const SLEEP = statement('SELECT pg_sleep(5)');

    it('fails, without taking the process down, if the server ends it, and the pool serves a new connection after', async () => {
      const cut = withClient(platform.settings.adminUrl, async (admin) => {
        // Once the round trip is running on the server, its backend is terminated, as a database restart would.
        for (let i = 0; i < 100; i++) {
          const { rowCount } = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'round-trip-test' AND query LIKE '%pg_sleep%'`);
          if (rowCount) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        throw new Error('the round trip never ran');
      });
      await expect(tenantRoundTrip(asNorwalk.db(), [{ statement: SLEEP, values: [] }])).rejects.toThrow(/terminat/i);
      await cut;
      expect(await tenantRoundTrip(asNorwalk.db(), [{ statement: COUNT, values: [] }])).toEqual([[{ n: 1 }]]);
    });

    it('fails, without taking the process down, if the network drops it (the socket errors while the connection is checked out)', async () => {
      // The driver's pool, as tenantRoundTrip draws from it: its next client's socket fails 100 ms into the round trip.
      const pool = (db.driver as unknown as { master: { once(event: 'acquire', listener: (client: unknown) => void): void } }).master;
      pool.once('acquire', (client) => {
        const socket = (client as { connection: { stream: { destroy(error: Error): void } } }).connection.stream;
        setTimeout(() => socket.destroy(new Error('network cut by the test')), 100);
      });
      await expect(tenantRoundTrip(asNorwalk.db(), [{ statement: SLEEP, values: [] }])).rejects.toThrow(/network cut by the test|terminated/);
      expect(await tenantRoundTrip(asNorwalk.db(), [{ statement: COUNT, values: [] }])).toEqual([[{ n: 1 }]]);
    });
  });

  it('serves the connection again after a failed round trip', async () => {
    await expect(tenantRoundTrip(asNorwalk.db(), [{ statement: statement('SELECT 1/0'), values: [] }])).rejects.toThrow(/division by zero/);
    expect(await tenantRoundTrip(asNorwalk.db(), [{ statement: COUNT, values: [] }])).toEqual([[{ n: 1 }]]);
  });
});

describe('runPreparedTogether', () => {
  it('runs its statements in order inside the transaction, answering each, and a failure takes the whole transaction back', async () => {
    const [before] = await tenantRoundTrip(asNorwalk.db(), [{ statement: COUNT, values: [] }]);
    const answers = await withTenant(asNorwalk.db(), async (manager) => {
      await manager.query('SELECT 1');
      return runPreparedTogether(manager, [
        { statement: INSERT, values: [norwalk, 100, 'together'] },
        { statement: COUNT, values: [] },
      ]);
    });
    expect(answers).toEqual([[{ id: 100, note: 'together' }], [{ n: (before![0] as { n: number }).n + 1 }]]);

    const failed = withTenant(asNorwalk.db(), async (manager) => {
      await runPreparedTogether(manager, [{ statement: INSERT, values: [norwalk, 101, 'kept only if all commit'] }]);
      return runPreparedTogether(manager, [
        { statement: INSERT, values: [norwalk, 102, 'before the failure'] },
        { statement: INSERT, values: [norman, 103, "another city's row"] },
      ]);
    });
    await expect(failed).rejects.toBeInstanceOf(QueryFailedError);
    const [after] = await tenantRoundTrip(asNorwalk.db(), [{ statement: statement('SELECT id FROM round_trip_probe WHERE id > 100 ORDER BY id'), values: [] }]);
    expect(after).toEqual([]);
  });
});

describe('tenantRead', () => {
  /** The scope of a Norman request, on the DataSource's shared read connections. */
  const asNorman = {
    get db() {
      return db;
    },
    tenant: {
      get id() {
        return norman;
      },
    },
  };
  const TENANTS = statement('SELECT DISTINCT tenant_id FROM round_trip_probe');
  const SETTING = statement(`SELECT current_setting('app.tenant_id', true) AS tenant, current_setting('transaction_read_only') AS read_only`);
  /** Backends of the shared read connections (and the one pooled connection) of `name`, as the server lists them. */
  const backendsOf = (name: string) =>
    withClient(platform.settings.adminUrl, async (admin) => (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [name])).rows);

  beforeAll(async () => {
    await tenantRoundTrip({ db, tenant: { id: norman } }, [{ statement: INSERT, values: [norman, 500, 'a Norman row'] }]);
  });

  it("reads as the scope's tenant only, in a read-only transaction", async () => {
    expect(
      await tenantRead(asNorman, [
        { statement: TENANTS, values: [] },
        { statement: SETTING, values: [] },
      ]),
    ).toEqual([[{ tenant_id: norman }], [{ tenant: norman, read_only: 'on' }]]);
  });

  it('refuses a statement that writes, and keeps nothing of it', async () => {
    await expect(tenantRead(asNorman, [{ statement: INSERT, values: [norman, 501, 'smuggled by a read'] }])).rejects.toThrow(/read-only transaction/);
    expect(await tenantRoundTrip(asNorman, [{ statement: statement('SELECT id FROM round_trip_probe WHERE id = 501'), values: [] }])).toEqual([[]]);
  });

  it("keeps each of many concurrent reads to its own city's rows on the shared connections, and one that fails to itself", async () => {
    const reads = Array.from({ length: 60 }, (_, i) => {
      const tenant = i % 2 === 0 ? norwalk : norman;
      if (i === 31)
        return tenantRead({ db, tenant: { id: tenant } }, [{ statement: statement('SELECT 1/0'), values: [] }]).then(
          () => 'no error',
          (error: Error) => error.message,
        );
      return tenantRead({ db, tenant: { id: tenant } }, [{ statement: TENANTS, values: [] }]).then(([rows]) => JSON.stringify(rows) === JSON.stringify([{ tenant_id: tenant }]));
    });
    const answers = await Promise.all(reads);
    expect(answers[31]).toMatch(/division by zero/);
    expect(answers.filter((answer, i) => i !== 31 && answer !== true)).toEqual([]);
  });

  it('does not fail a read with another that fails before the Parse of a statement both use', async () => {
    // Fresh connections, so the named statement is parsed by the first round trip that uses it, with the others on the wire behind it.
    const own = createDataSource({ url: appUrl(platform.settings), entities: [], poolSize: 1, applicationName: 'shared-reads-parses' });
    await own.initialize();
    try {
      const NAMED = { name: 'round-trip-test.named', text: 'SELECT count(*)::int AS n FROM round_trip_probe' };
      const scope = { db: own, tenant: { id: norman } };
      const failing = tenantRead(scope, [
        { statement: statement('SELECT 1/0'), values: [] },
        { statement: NAMED, values: [] },
      ]);
      const others = Array.from({ length: 6 }, () => tenantRead(scope, [{ statement: NAMED, values: [] }]));
      await expect(failing).rejects.toThrow(/division by zero/);
      expect(await Promise.all(others)).toEqual(Array.from({ length: 6 }, () => [[{ n: 1 }]]));
      // Later reads use it by name once a Parse of it is answered.
      expect(await tenantRead(scope, [{ statement: NAMED, values: [] }])).toEqual([[{ n: 1 }]]);
    } finally {
      await own.destroy();
    }
  });

  it('gets a new connection after the server ended the shared ones', async () => {
    await tenantRead(asNorman, [{ statement: SETTING, values: [] }]);
    await withClient(platform.settings.adminUrl, (admin) => admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'round-trip-test'`));
    for (let waited = 0; (await backendsOf('round-trip-test')).length > 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    // The ended connections' clients heard of it (an error, then their end) and are dropped; a read opens another.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await tenantRead(asNorman, [{ statement: TENANTS, values: [] }])).toEqual([[{ tenant_id: norman }]]);
    expect(await tenantRead(asNorman, [{ statement: TENANTS, values: [] }])).toEqual([[{ tenant_id: norman }]]);
  });

  it('closes the shared connections with its DataSource', async () => {
    const own = createDataSource({ url: appUrl(platform.settings), entities: [], poolSize: 1, applicationName: 'shared-reads-closing' });
    await own.initialize();
    await Promise.all([1, 2, 3].map(() => tenantRead({ db: own, tenant: { id: norman } }, [{ statement: TENANTS, values: [] }])));
    expect((await backendsOf('shared-reads-closing')).length).toBeGreaterThanOrEqual(2);
    await own.destroy();
    for (let waited = 0; (await backendsOf('shared-reads-closing')).length > 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await backendsOf('shared-reads-closing')).toEqual([]);
    await expect(tenantRead({ db: own, tenant: { id: norman } }, [{ statement: TENANTS, values: [] }])).rejects.toThrow(/closed/);
  });
});
