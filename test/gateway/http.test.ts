import { withClient, ownerUrl } from '@platform/db';
import { DEFAULT_MAX_REQUEST_BYTES } from '@platform/gateway';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { rawHttp, retryUntil } from './edge-api';

let platform: TestPlatform;
let base: string;
beforeAll(async () => {
  // As METRICS_TOKEN unset: no /metrics.
  platform = await startTestPlatform({ metricsToken: null });
  base = platform.client.httpUrl.replace(/\/graphql$/, '');
});
afterAll(() => platform.close());

describe('health', () => {
  it('has no GET /metrics unless a metrics token is configured', async () => {
    const response = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer anything-at-all-0123456789' } });
    expect([response.status, await response.json()]).toEqual([404, { error: 'not found' }]);
  });

  it('GET /healthz says the process is up', async () => {
    const response = await fetch(`${base}/healthz`);
    expect([response.status, await response.json()]).toEqual([200, { status: 'ok' }]);
  });

  it('GET /readyz is ready only while every migration is applied', async () => {
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);

    await withClient(ownerUrl(platform.settings), async (owner) => {
      await owner.query('BEGIN');
      await owner.query(`DELETE FROM schema_migrations WHERE name = 'CreateTenants1763800000000'`);
      await owner.query('COMMIT');
      try {
        const notReady = await fetch(`${base}/readyz`);
        expect([notReady.status, await notReady.json()]).toEqual([503, { status: 'not ready', reason: 'pending migrations: CreateTenants1763800000000' }]);
      } finally {
        await owner.query(`INSERT INTO schema_migrations (timestamp, name) VALUES (1763800000000, 'CreateTenants1763800000000')`);
      }
    });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});

describe('GraphiQL', () => {
  it('opens for a browser, with the demo cities pre-filled and its assets served locally', async () => {
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('\\"x-tenant\\": \\"norwalk\\"');
    expect(html).toContain('\\"x-tenant\\": \\"norman\\"');
    // A credential typed into the header editor is not kept in the browser's storage after the visit.
    expect(html).toContain('shouldPersistHeaders: false');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources).toEqual(['/graphiql/graphiql.css', '/graphiql/react.js', '/graphiql/react-dom.js', '/graphiql/graphiql.js']);
    for (const source of sources) {
      const asset = await fetch(`${base}${source}`);
      expect([source, asset.status]).toEqual([source, 200]);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it('may not be framed by another site (a token is typed into it), and none of its files is read as another type', async () => {
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect([page.status, page.headers.get('x-frame-options'), page.headers.get('x-content-type-options')]).toEqual([200, 'DENY', 'nosniff']);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("frame-ancestors 'none'");
    // The page runs an inline script: a policy on scripts would need its hash, so there is none (see graphiql.ts).
    expect(policy).not.toMatch(/default-src|script-src/);
    const asset = await fetch(`${base}/graphiql/graphiql.js`);
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('requests', () => {
  it('echoes a request id, or makes one', async () => {
    const given = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'abc-12345678' } });
    expect(given.headers.get('x-request-id')).toBe('abc-12345678');
    const made = await fetch(`${base}/healthz`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed JSON and oversized bodies with 4xx, not 500', async () => {
    const bad = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(bad.status).toBe(400);
    const huge = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(DEFAULT_MAX_REQUEST_BYTES) } }),
    });
    expect([huge.status, await huge.json()]).toEqual([413, { errors: [{ message: `Request body too large: at most ${DEFAULT_MAX_REQUEST_BYTES} bytes`, extensions: { code: 'BAD_REQUEST' } }] }]);
  });

  it('never sends a stack trace', async () => {
    const result = await platform.client.asTenant('norwalk').request('{ tenant { nope } }');
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(JSON.stringify(result.errors)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });

  it('ignores X-Forwarded-Host unless TRUST_PROXY says a proxy sets it', async () => {
    const result = await platform.client.withHeaders({ 'x-forwarded-host': 'norman.pay.example.gov' }).request('{ tenant { name } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('TENANT_REQUIRED');
  });

  it('tells caches to keep no GraphQL answer, nor a refused document', async () => {
    const ask = (query: string, headers: Record<string, string> = {}) =>
      fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': 'norwalk', ...headers }, body: JSON.stringify({ query }) });
    const answered = await ask('{ tenant { name timezone } }');
    expect([answered.status, answered.headers.get('cache-control')]).toEqual([200, 'no-store']);
    const refused = await ask('{ tenant { nope } }');
    // 200: a legacy JSON client gets a document's errors in a 200 (see http-handler.ts).
    expect([refused.status, refused.headers.get('cache-control')]).toEqual([200, 'no-store']);
    const unauthenticated = await ask('{ viewer { roles } }', { authorization: 'Bearer not-a-token' });
    expect([unauthenticated.status, unauthenticated.headers.get('cache-control')]).toEqual([401, null]);
  });

  it('returns 404 for unknown paths', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('answers a request target the URL parser refuses (`//`, `/\\`...) with 400, and carries on', async () => {
    // Unanswered, such a request threw in the server's request listener: the end of the process.
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      for (const target of ['//', '//a:b', '//%', '/\\']) {
        const answer = await rawHttp(base, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
        expect([target, answer.split('\r\n')[0], /\{.*\}/.exec(answer)?.[0]]).toEqual([
          target,
          'HTTP/1.1 400 Bad Request',
          JSON.stringify({ errors: [{ message: 'Malformed request URL', extensions: { code: 'BAD_REQUEST' } }] }),
        ]);
      }
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('takes a client that closes its connection mid-upload for what it is: no outage logged, no answer attempted', async () => {
    const requestId = 'left-mid-upload-0001';
    const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Tenant: norwalk\r\nX-Request-Id: ${requestId}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`;
    // 9 of the 1,000 bytes promised, then the connection closes.
    expect(await rawHttp(base, `${head}{"query":`, 100)).toBe('');
    const entries = () =>
      platform
        .logLines()
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.requestId === requestId);
    await retryUntil(async () => entries().find((entry) => entry.msg === 'request'));
    expect(entries().map(({ level, msg, status, clientClosed }) => ({ level, msg, status, clientClosed }))).toEqual([{ level: 30, msg: 'request', status: null, clientClosed: true }]);
  });
});
