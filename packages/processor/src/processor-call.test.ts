import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpProcessor } from './http-processor';

/* How the adapter reads answers a well-behaved processor never gives, against a scripted HTTP server. */

const SECRET_KEY = 'sk_live_scripted_0123456789';
type Script = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let script: Script;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => script(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Script =>
  (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
  };
const processor = (timeoutMs = 2000) => createHttpProcessor({ baseUrl: `${baseUrl}/`, secretKey: SECRET_KEY, timeoutMs });
const charge = (timeoutMs?: number) => processor(timeoutMs).charge({ idempotencyKey: 'pay_1', amountCents: 1234n, source: { profileId: 'cus_1', methodId: 'pm_1' }, description: 'Water bill' });
const wireCharge = {
  id: 'ch_1',
  idempotencyKey: 'pay_1',
  status: 'CAPTURED',
  amount: '1234',
  refunded: '0',
  kind: 'CARD',
  brand: 'VISA',
  last4: '4242',
  fingerprint: 'f',
  returnCode: null,
  createdAt: '2026-03-10T15:00:00.000Z',
};

it('sends the key as a bearer token, the Idempotency-Key, and amounts as strings of cents', async () => {
  let seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: unknown } | undefined;
  script = (req, res, body) => {
    seen = { method: req.method, url: req.url, headers: req.headers, body: JSON.parse(body) };
    json(201, wireCharge)(req, res, body);
  };
  expect(await charge()).toMatchObject({ outcome: 'OK', value: { amountCents: 1234n } });
  expect(seen).toMatchObject({
    method: 'POST',
    url: '/v1/charges',
    headers: { authorization: `Bearer ${SECRET_KEY}`, 'idempotency-key': 'pay_1', 'content-type': 'application/json' },
    body: { amount: '1234', source: { profileId: 'cus_1', methodId: 'pm_1' }, description: 'Water bill' },
  });
});

it('encodes path segments', async () => {
  let url: string | undefined;
  script = (req, res, body) => {
    url = req.url;
    json(200, wireCharge)(req, res, body);
  };
  await processor().getCharge('ch_1/../../v1/_sandbox');
  expect(url).toBe('/v1/charges/ch_1%2F..%2F..%2Fv1%2F_sandbox');
});

it.each([
  ['a float amount', { ...wireCharge, amount: 12.34 }],
  ['a decimal string amount', { ...wireCharge, amount: '12.34' }],
  ['an unknown status', { ...wireCharge, status: 'PENDING' }],
  ['no JSON at all', 'ok'],
])('reads a 2xx with %s as UNKNOWN: the charge may exist', async (_name, body) => {
  script = typeof body === 'string' ? (_req, res) => res.writeHead(200).end(body) : json(201, body);
  expect(await charge()).toMatchObject({ outcome: 'UNKNOWN', reason: 'SERVER_ERROR' });
});

it.each([500, 502, 503])('reads %i as UNKNOWN SERVER_ERROR', async (status) => {
  script = json(status, { error: { code: 'oops', message: 'down' } });
  expect(await charge()).toMatchObject({ outcome: 'UNKNOWN', reason: 'SERVER_ERROR' });
});

it('reads a redirect as UNKNOWN and does not follow it', async () => {
  let requests = 0;
  script = (_req, res) => {
    requests++;
    res.writeHead(307, { Location: '/elsewhere' }).end();
  };
  expect(await charge()).toMatchObject({ outcome: 'UNKNOWN', reason: 'SERVER_ERROR' });
  expect(requests).toBe(1);
});

it('reads a processor that stalls in the middle of its answer as UNKNOWN TIMEOUT', async () => {
  script = (_req, res) => {
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.write('{"id":');
  };
  expect(await charge(100)).toMatchObject({ outcome: 'UNKNOWN', reason: 'TIMEOUT' });
});

it('reads a dropped connection as UNKNOWN NETWORK', async () => {
  script = (req) => req.socket.destroy();
  expect(await charge()).toMatchObject({ outcome: 'UNKNOWN', reason: 'NETWORK' });
});

it('reads a 402 with a code it does not know as a GENERIC_DECLINE', async () => {
  script = json(402, { error: { type: 'card_declined', code: 'DO_NOT_HONOR', message: 'Do not honor.' } });
  expect(await charge()).toEqual({ outcome: 'DECLINED', code: 'GENERIC_DECLINE', message: 'Do not honor.' });
});

it('reads a 4xx without a body as REJECTED with the status as code', async () => {
  script = (_req, res) => res.writeHead(404).end();
  expect(await charge()).toMatchObject({ outcome: 'REJECTED', code: 'http_404' });
});

it('reads a refusal of the caller (its key, its pace) as no answer, and a refusal of the request as REJECTED', async () => {
  for (const status of [401, 403, 429]) {
    script = json(status, { error: { code: 'refused', message: 'Not you, not now.' } });
    expect([status, await charge()]).toEqual([status, { outcome: 'UNKNOWN', reason: 'REFUSED', message: 'Not you, not now.' }]);
  }
  for (const status of [400, 404, 409, 422]) {
    script = json(status, { error: { code: 'bad_request', message: 'No.' } });
    expect([status, await charge()]).toEqual([status, { outcome: 'REJECTED', code: 'bad_request', message: 'No.' }]);
  }
});

it('cuts tokens and the secret key out of messages a processor echoes', async () => {
  script = json(400, { error: { code: 'resource_missing', message: `No such token: 'tok_1A2b3C4d5E6f7G8h9I0j1K2l' (key ${SECRET_KEY})` } });
  const result = await processor().getToken('tok_1A2b3C4d5E6f7G8h9I0j1K2l');
  expect(result).toMatchObject({ outcome: 'REJECTED', code: 'resource_missing' });
  expect(JSON.stringify(result)).not.toMatch(/tok_1A2b|sk_live_scripted/);
});

it('refuses to be built without a secret key', () => {
  expect(() => createHttpProcessor({ baseUrl, secretKey: '' })).toThrow('secret key');
});

it("reads a dispute in a status it does not know (a processor's under_review) as still open, not as an unreadable feed", async () => {
  const dispute = (status: string) => ({
    id: `dp_${status}`,
    chargeId: 'ch_1',
    amount: '1234',
    fee: '1500',
    reason: 'fraudulent',
    status,
    respondBy: '2026-03-17T15:00:00.000Z',
    createdAt: '2026-03-10T15:00:00.000Z',
    closedAt: null,
  });
  const event = (status: string) => ({ id: `ev_${status}`, type: 'charge.dispute.opened', createdAt: '2026-03-10T15:00:00.000Z', charge: wireCharge, refund: null, dispute: dispute(status) });
  script = json(200, { data: [event('under_review'), event('won'), event('lost'), event('needs_response')], hasMore: false });
  const page = await processor().listEvents(null, 10);
  expect(page.outcome).toBe('OK');
  expect(page.outcome === 'OK' && page.value.events.map((e) => e.dispute?.status)).toEqual(['OPEN', 'WON', 'LOST', 'OPEN']);
});
