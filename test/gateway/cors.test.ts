import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { WebSocket } from 'ws';
import { tenantRows } from '../customers/customer-api';

// Issue 13 item 2: browser pages on other origins call /graphql where their city allows them, and nowhere else.

const NORWALK_APP = 'https://pay.norwalk.example';
const DEV_APP = 'http://localhost:5173';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ developmentOrigins: [DEV_APP] });
  const saved = await platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
    'mutation Origins($input: UpdateTenantInput!) { updateTenant(slug: "norwalk", input: $input) { userErrors { field code } } }',
    { input: { allowedOrigins: [NORWALK_APP] } },
  );
  expect(saved.updateTenant.userErrors).toEqual([]);
});
afterAll(() => platform.close());

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A raw HTTP request, so the Host header can name a city as a browser's would. */
function send(method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: platform.gateway.port, path: '/graphql', method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const host = (slug?: string) => (slug ? `${slug}.localhost:${platform.gateway.port}` : `127.0.0.1:${platform.gateway.port}`);
const preflight = (origin: string, slug?: string) =>
  send('OPTIONS', { host: host(slug), origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization, x-tenant' });
const post = (headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}) =>
  send('POST', { 'content-type': 'application/json', ...headers }, JSON.stringify({ query, variables }));
const corsHeaders = (answer: Answer) => Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'));

describe('CORS preflight', () => {
  it('answers an origin the city allows with 204 and what the page may send', async () => {
    const answer = await preflight(NORWALK_APP, 'norwalk');
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe(NORWALK_APP);
    expect(answer.headers.vary).toBe('Origin');
    expect(answer.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
    expect(answer.headers['access-control-allow-headers']?.split(', ')).toEqual(expect.arrayContaining(['content-type', 'authorization', 'x-tenant', 'accept-language']));
    expect(answer.headers['access-control-max-age']).toBe('600');
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('refuses with 403 and no CORS header an origin the city does not allow, another city’s included', async () => {
    for (const [origin, slug] of [
      ['https://evil.example', 'norwalk'],
      [NORWALK_APP, 'norman'],
      ['null', 'norwalk'],
      [`${NORWALK_APP}.evil.example`, 'norwalk'],
    ] as const) {
      const answer = await preflight(origin, slug);
      expect([origin, slug, answer.status, corsHeaders(answer)]).toEqual([origin, slug, 403, []]);
    }
  });

  it('allows the development origins for every city, and nothing else without a city in the host', async () => {
    expect((await preflight(DEV_APP, 'norman')).status).toBe(204);
    expect((await preflight(DEV_APP)).status).toBe(204);
    // A bare host: the preflight cannot carry x-tenant, so some city's origin passes it; a stranger does not.
    expect((await preflight(NORWALK_APP)).status).toBe(204);
    expect((await preflight('https://evil.example')).status).toBe(403);
  });

  // README (OpenTelemetry): a request's W3C traceparent continues the caller's trace. A traced city front end on another
  // origin (OpenTelemetry's web SDK adds traceparent and tracestate to the fetches it propagates to) asks for them in
  // its preflight; the allowed headers left them out, so the browser refused the whole request, not only the trace.
  it('lets an allowed page send traceparent and tracestate, which continue its trace', async () => {
    const answer = await send('OPTIONS', {
      host: host('norwalk'),
      origin: NORWALK_APP,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, x-tenant, traceparent, tracestate',
    });
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-headers']?.split(', ')).toEqual(expect.arrayContaining(['traceparent', 'tracestate']));
  });
});

describe('CORS on the request itself', () => {
  const TENANT = '{ tenant { slug } }';

  it('lets the allowed origin read its city’s answers, errors included (a 401 the page must see to refresh)', async () => {
    const ok = await post({ host: host('norwalk'), origin: NORWALK_APP }, TENANT);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ data: { tenant: { slug: 'norwalk' } } });
    expect(ok.headers['access-control-allow-origin']).toBe(NORWALK_APP);
    expect(ok.headers.vary).toBe('Origin');
    expect(ok.headers['access-control-expose-headers']).toContain('x-request-id');

    const viaHeader = await post({ host: host(), 'x-tenant': 'norwalk', origin: NORWALK_APP }, TENANT);
    expect(viaHeader.headers['access-control-allow-origin']).toBe(NORWALK_APP);

    const expired = await post({ host: host('norwalk'), origin: NORWALK_APP, authorization: 'Bearer not-a-session' }, TENANT);
    expect(expired.status).toBe(401);
    expect(expired.headers['access-control-allow-origin']).toBe(NORWALK_APP);
  });

  it('refuses another city’s origin, or a stranger, before anything runs: 403 and no CORS header', async () => {
    const REGISTER = 'mutation R($input: RegisterInput!) { register(input: $input) { userErrors { code } } }';
    const input = { username: 'cors_victim', email: 'cors-victim@example.com', name: 'Cors Victim', phone: '405-555-0190', password: 'correct horse battery staple' };
    const attempts: Record<string, string>[] = [
      { host: host('norman'), origin: NORWALK_APP },
      { host: host(), 'x-tenant': 'norman', origin: NORWALK_APP },
      { host: host('norman'), origin: 'https://evil.example' },
    ];
    for (const headers of attempts) {
      const answer = await post(headers, REGISTER, { input });
      expect([answer.status, corsHeaders(answer)]).toEqual([403, []]);
      expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('FORBIDDEN');
    }
    expect(await tenantRows(platform, 'norman', `SELECT 1 FROM users WHERE email = 'cors-victim@example.com'`)).toEqual([]);
  });

  it('answers a city the platform does not have with a TENANT_NOT_FOUND the page can read, before anything runs', async () => {
    // Its preflight passes, remembered for no time: a page learns only what any client could, that there is no such city.
    const passed = await preflight(NORWALK_APP, 'gotham');
    expect([passed.status, passed.headers['access-control-allow-origin'], passed.headers['access-control-max-age']]).toEqual([204, NORWALK_APP, '0']);
    const attempts: Record<string, string>[] = [
      { host: host('gotham'), origin: NORWALK_APP },
      { host: host(), 'x-tenant': 'gotham', origin: 'https://evil.example', 'accept-language': 'es' },
    ];
    for (const headers of attempts) {
      const answer = await post(headers, TENANT);
      expect([answer.status, answer.headers['access-control-allow-origin'], answer.headers.vary]).toEqual([404, headers.origin, 'Origin']);
      expect(answer.headers['access-control-expose-headers']).toContain('x-request-id');
      expect(JSON.parse(answer.body).errors[0].extensions).toEqual({ code: 'TENANT_NOT_FOUND' });
    }
    expect(JSON.parse((await post(attempts[1]!, TENANT)).body).errors[0].message).toBe('Ninguna ciudad llamada "gotham" usa este servicio.');
  });

  it('leaves same-origin pages and clients without an Origin as they were', async () => {
    const sameOrigin = await post({ host: host('norman'), origin: `http://${host('norman')}` }, TENANT);
    expect([sameOrigin.status, JSON.parse(sameOrigin.body).data.tenant.slug, sameOrigin.headers['access-control-allow-origin']]).toEqual([200, 'norman', undefined]);
    const server = await post({ host: host('norman') }, TENANT);
    expect([server.status, corsHeaders(server)]).toEqual([200, []]);
  });
});

describe('the cities’ origin settings', () => {
  const UPDATE = `mutation Origins($slug: String!, $input: UpdateTenantInput!) {
    updateTenant(slug: $slug, input: $input) { tenant { allowedOrigins } userErrors { field code message } }
  }`;
  type Update = { updateTenant: { tenant: { allowedOrigins: string[] } | null; userErrors: { field: string[]; code: string; message: string }[] } };

  it('takes exact http(s) origins only, says which entry is wrong, and keeps them in normal form', async () => {
    const bad = ['https://ok.example', 'https://ok.example/', 'https://ok.example/pay', '*', 'https://*.example.gov', 'ftp://ok.example', 'https://user@ok.example', 'ok.example'];
    const refused = await platform.operator.data<Update>(UPDATE, { slug: 'norman', input: { allowedOrigins: bad } });
    expect(refused.updateTenant.tenant).toBeNull();
    expect(refused.updateTenant.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => [`input.allowedOrigins.${i}`, 'INVALID']));
    expect(refused.updateTenant.userErrors[0]!.message).toContain('no path, no trailing slash, no wildcard');

    const saved = await platform.operator.data<Update>(UPDATE, {
      slug: 'norman',
      input: { allowedOrigins: ['HTTPS://Pay.Norman.Example:443', 'http://localhost:8080', 'https://pay.norman.example'] },
    });
    expect(saved.updateTenant).toEqual({ tenant: { allowedOrigins: ['https://pay.norman.example', 'http://localhost:8080'] }, userErrors: [] });
    expect((await preflight('https://pay.norman.example', 'norman')).status).toBe(204);
    // Norwalk's list is Norwalk's alone.
    expect((await preflight('https://pay.norman.example', 'norwalk')).status).toBe(403);
  });
});

describe('browser WebSockets', () => {
  /** Opens a graphql-ws socket as a browser page at `origin` would (or as a server, with none): "ack", or how it closed. */
  function connect(tenant: string, origin?: string): Promise<string> {
    return new Promise((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${platform.gateway.port}/graphql`, 'graphql-transport-ws', origin ? { origin } : {});
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { tenant } })));
      socket.on('message', (data: Buffer) => {
        resolve(JSON.parse(data.toString()).type === 'connection_ack' ? 'ack' : data.toString());
        socket.close();
      });
      socket.on('close', (code: number, reason: Buffer) => resolve(`${code} ${reason.toString().split(':')[0]}`));
      socket.on('error', () => undefined);
    });
  }

  it('opens a live feed only for pages the city allows; clients without an Origin are not browsers and go on', async () => {
    expect(await connect('norwalk', NORWALK_APP)).toBe('ack');
    expect(await connect('norman', NORWALK_APP)).toBe('4403 ORIGIN_NOT_ALLOWED');
    expect(await connect('norwalk', 'https://evil.example')).toBe('4403 ORIGIN_NOT_ALLOWED');
    expect(await connect('norman', DEV_APP)).toBe('ack');
    expect(await connect('norman')).toBe('ack');
  });
});
