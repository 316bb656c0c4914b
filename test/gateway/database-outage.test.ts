import type { ServiceModule } from '@platform/api';
import { withClient } from '@platform/db';
import { TEST_METRICS_TOKEN, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { once, rawSocket, retryUntil } from './edge-api';

/** A city's own front end on another origin, which Norwalk allows. */
const NORWALK_APP = 'https://pay.norwalk.example';

/** The SQLSTATE of each statement the route below sent and the database refused. */
const refusedCodes: unknown[] = [];
/**
 * A route that sends one statement with 65,536 bind parameters, one more than PostgreSQL takes: the server refuses
 * it with a class-08 code (08P01, protocol violation) on a connection that is fine. A list passed one parameter an
 * item (payments' status filter did) met this, and it was answered as a database outage.
 */
const tooManyParameters: ServiceModule = {
  name: 'outage-test',
  entities: [],
  migrations: [],
  resolvers: [],
  jobs: {},
  httpRoutes: [
    {
      paths: ['/outage-test/too-many-parameters'],
      async handle(_req, res, { db }) {
        const parameters = Array.from({ length: 65_536 }, (_, i) => i);
        try {
          await db.query(`SELECT 1 WHERE 0 IN (${parameters.map((i) => `$${i + 1}::int`).join(', ')})`, parameters);
        } catch (error) {
          refusedCodes.push((error as { driverError?: { code?: unknown } }).driverError?.code);
          throw error;
        }
        res.end('answered');
      },
    },
  ],
};

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ extraModules: [tooManyParameters] });
  const saved = await platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
    'mutation Origins($input: UpdateTenantInput!) { updateTenant(slug: "norwalk", input: $input) { userErrors { field code } } }',
    { input: { allowedOrigins: [NORWALK_APP] } },
  );
  expect(saved.updateTenant.userErrors).toEqual([]);
});
afterAll(() => platform.close());

/**
 * This file's database goes away for the app role as in an outage: its
 * connections are cut and new ones refused (as the server's superuser, whom
 * the connection limit does not bind). Other test files' databases carry on.
 */
async function outage<T>(during: () => Promise<T>): Promise<T> {
  const name = platform.settings.databaseName;
  await withClient(platform.settings.adminUrl, async (admin) => {
    await admin.query(`ALTER DATABASE "${name}" CONNECTION LIMIT 0`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  });
  try {
    return await during();
  } finally {
    await withClient(platform.settings.adminUrl, (admin) => admin.query(`ALTER DATABASE "${name}" CONNECTION LIMIT -1`));
  }
}

const SERVICE_UNAVAILABLE = { message: 'The service is briefly unavailable. Please try again in a few seconds.', extensions: { code: 'SERVICE_UNAVAILABLE' } };

describe('a database outage', () => {
  it('leaves the process alive (/healthz), not ready (/readyz), and its metrics scraped, pool gauges and all', async () => {
    const base = platform.client.httpUrl.replace(/\/graphql$/, '');
    const scrape = async () => {
      const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
      const body = await response.text();
      return { status: response.status, poolGauge: body.includes('database_pool_connections{state="waiting"}'), outboxGauge: body.includes('notifications_failed') };
    };
    expect(await scrape()).toEqual({ status: 200, poolGauge: true, outboxGauge: true });
    await outage(async () => {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 503, body: { status: 'not ready', reason: 'database unreachable' } });
      // An outage is when an operator needs the pool's "waiting" gauge most: only the outbox's, read from the database, is left out.
      expect(await scrape()).toEqual({ status: 200, poolGauge: true, outboxGauge: false });
    });
  });

  it('answers 503 with Retry-After and SERVICE_UNAVAILABLE, whether the city lookup or a resolver meets it; then recovers', async () => {
    const errorsBefore = errorLines().length;
    // A socket that stays open across the outage (not lazy: it connects now and keeps its connection).
    let ready: () => void = () => undefined;
    const connectedOnce = new Promise<void>((resolve) => (ready = resolve));
    const connected = createClient({ url: platform.client.wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { tenant: 'norwalk' }, on: { connected: () => ready() } });
    await connectedOnce;
    await outage(async () => {
      // The city registry is kept in memory only while the gateway's LISTEN connection is up; the outage cut it too,
      // and until the gateway has seen that (a moment), the cached city may still answer. After, nothing is cached.
      await retryUntil(async () => platform.logLines().some((line) => line.includes('"msg":"cache listener connection lost')) || null);
      // The request's city is looked up before any resolver runs.
      const city = await platform.client.asTenant('norwalk').request('{ tenant { name } }');
      expect([city.status, city.headers.get('retry-after'), city.errors]).toEqual([503, '5', [SERVICE_UNAVAILABLE]]);
      // An operator request names no city: its resolver is the first to need the database.
      const tenants = await platform.operator.request('{ tenants { slug } }');
      expect([tenants.status, tenants.headers.get('retry-after'), tenants.errors?.map(({ message, extensions }) => ({ message, extensions }))]).toEqual([503, '5', [SERVICE_UNAVAILABLE]]);
      // A WebSocket is told to come back later (1013), not that the server failed.
      const socket = await rawSocket(platform.client.wsUrl);
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { tenant: 'norwalk' } }));
      expect(await closed).toBe(1013);
      // On a socket connected before, each operation is refused the same way, and the socket stays.
      await expect(once(connected, '{ tenant { name } }')).rejects.toEqual([SERVICE_UNAVAILABLE]);
    });
    expect(await retryUntil(() => once(connected, '{ tenant { name } }').catch(() => null))).toEqual({ data: { tenant: { name: 'City of Norwalk' } } });
    await connected.dispose();
    expect(await retryUntil(async () => (await platform.client.asTenant('norwalk').request('{ tenant { name } }')).data)).toEqual({ tenant: { name: 'City of Norwalk' } });
    // An outage is logged as a warning, not as errors with stack traces.
    expect(errorLines().slice(errorsBefore)).toEqual([]);
    expect(platform.logLines().some((line) => line.includes('"msg":"database unavailable"'))).toBe(true);
  });

  it('lets a page on an origin its city allows read the 503 and its Retry-After, its preflight passing', async () => {
    const page = platform.client.asTenant('norwalk').withHeaders({ origin: NORWALK_APP });
    const preflight = () =>
      fetch(platform.client.httpUrl, { method: 'OPTIONS', headers: { origin: NORWALK_APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-tenant' } });
    expect((await page.request('{ tenant { name } }')).headers.get('access-control-allow-origin')).toBe(NORWALK_APP);
    // The listener may still be coming back from the outage above: either it is lost now, or it fails to reconnect.
    const cacheListenerLines = () => platform.logLines().filter((line) => /"msg":"cache listener (connection lost|could not reconnect)/.test(line)).length;
    const linesBefore = cacheListenerLines();
    await outage(async () => {
      // With the city registry's cache off, the CORS check's own look-up of the city is the first to meet the outage.
      await retryUntil(async () => cacheListenerLines() > linesBefore || null, 200);
      const answer = await page.request('{ tenant { name } }');
      expect([answer.status, answer.headers.get('retry-after'), answer.errors]).toEqual([503, '5', [SERVICE_UNAVAILABLE]]);
      expect([answer.headers.get('access-control-allow-origin'), answer.headers.get('vary')]).toEqual([NORWALK_APP, 'Origin']);
      expect(answer.headers.get('access-control-expose-headers')?.split(', ')).toEqual(expect.arrayContaining(['retry-after', 'x-request-id']));
      // The preflight passes, remembered for no time: the request after it is checked again (and answered 503 as above).
      const passed = await preflight();
      expect([passed.status, passed.headers.get('access-control-allow-origin'), passed.headers.get('access-control-max-age')]).toEqual([204, NORWALK_APP, '0']);
    });
    // The database back, the city's own list answers again, and for as long as usual.
    expect(await retryUntil(async () => (await preflight()).headers.get('access-control-max-age') === '600' || null)).toBe(true);
  });

  it('says so in the language the request asks for, whether the city lookup or a resolver meets it', async () => {
    const enEspanol = { message: 'El servicio no está disponible por un momento. Intente de nuevo en unos segundos.', extensions: { code: 'SERVICE_UNAVAILABLE' } };
    // As above: the city registry's cache off (its listener lost, or still failing to come back), so the city lookup meets the outage.
    const cacheListenerLines = () => platform.logLines().filter((line) => /"msg":"cache listener (connection lost|could not reconnect)/.test(line)).length;
    const linesBefore = cacheListenerLines();
    // A socket connected before the outage, in Spanish: its operations are refused in Spanish too.
    const connected = await rawSocket(platform.client.wsUrl, { 'accept-language': 'es' });
    const messages: { type: string; payload?: unknown }[] = [];
    connected.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as { type: string; payload?: unknown }));
    connected.send(JSON.stringify({ type: 'connection_init', payload: { tenant: 'norwalk' } }));
    await retryUntil(async () => messages.some((message) => message.type === 'connection_ack') || null);
    await outage(async () => {
      await retryUntil(async () => cacheListenerLines() > linesBefore || null, 200);
      connected.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ tenant { name } }' } }));
      const refused = await retryUntil(async () => messages.find((message) => message.type === 'error'));
      expect(refused.payload).toEqual([enEspanol]);
      connected.close();
      const city = await platform.client.asTenant('norwalk').withHeaders({ 'accept-language': 'es-US,es;q=0.9' }).request('{ tenant { name } }');
      expect([city.status, city.errors]).toEqual([503, [enEspanol]]);
      const tenants = await platform.operator.withHeaders({ 'accept-language': 'es' }).request('{ tenants { slug } }');
      expect([tenants.status, tenants.errors?.map(({ message, extensions }) => ({ message, extensions }))]).toEqual([503, [enEspanol]]);
      // Over WebSocket, in the upgrade request's language: the close reason of a socket that cannot connect.
      const socket = await rawSocket(platform.client.wsUrl, { 'accept-language': 'es' });
      const closed = new Promise<string>((resolve) => socket.once('close', (_code, reason) => resolve(reason.toString())));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { tenant: 'norwalk' } }));
      expect(await closed).toBe(`SERVICE_UNAVAILABLE: ${enEspanol.message}`);
    });
  });
});

describe('a statement the database refuses on a live connection', () => {
  it('is a failed request (500, logged as an error), not an outage (503, Retry-After): sent again, it would be refused again', async () => {
    const outageWarnings = () => platform.logLines().filter((line) => line.includes('"msg":"database unavailable"')).length;
    const [warningsBefore, errorsBefore] = [outageWarnings(), errorLines().length];
    const base = platform.client.httpUrl.replace(/\/graphql$/, '');

    const answer = await fetch(`${base}/outage-test/too-many-parameters`);

    expect(refusedCodes).toEqual(['08P01']);
    expect([answer.status, answer.headers.get('retry-after'), ((await answer.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code]).toEqual([
      500,
      null,
      'INTERNAL_SERVER_ERROR',
    ]);
    expect(outageWarnings()).toBe(warningsBefore);
    expect(
      errorLines()
        .slice(errorsBefore)
        .map((line) => (JSON.parse(line) as { msg: string }).msg),
    ).toEqual(['request failed']);
    // The database was there all along.
    expect((await platform.client.asTenant('norwalk').request('{ tenant { name } }')).data).toEqual({ tenant: { name: 'City of Norwalk' } });
  });
});

const errorLines = () => platform.logLines().filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
