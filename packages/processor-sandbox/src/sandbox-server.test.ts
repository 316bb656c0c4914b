import { FixedClock } from '@platform/core';
import { createSandboxToken, listSandboxCharges } from './sandbox-client';
import { startSandboxProcessor, type RunningSandboxProcessor } from './sandbox-server';
import { SANDBOX_TEST_CARDS } from './test-numbers';

/* The sandbox's HTTP contract as any client sees it; packages/processor drives the behaviour through the adapter. */

const SECRET_KEY = 'sk_test_server_0123456789';
const HANG_MS = 300;
const VISA = { number: SANDBOX_TEST_CARDS.visa, expMonth: 12, expYear: 2030, cvc: '123', postalCode: '73069' };
let sandbox: RunningSandboxProcessor;
let keys = 0;

beforeEach(async () => {
  sandbox = await startSandboxProcessor({ secretKey: SECRET_KEY, clock: new FixedClock(new Date('2026-03-10T15:00:00Z')), hangMs: HANG_MS });
});
afterEach(() => sandbox.close());

async function call(method: string, path: string, options: { body?: unknown; key?: string; auth?: string | null } = {}) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const auth = options.auth === undefined ? SECRET_KEY : options.auth;
  if (auth !== null) headers.Authorization = `Bearer ${auth}`;
  if (options.key) headers['Idempotency-Key'] = options.key;
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

const newKey = () => `key-${++keys}`;
const visaToken = () => createSandboxToken(sandbox.url, VISA);

describe('authentication', () => {
  it.each([
    ['GET', '/v1/tokens/tok_x'],
    ['POST', '/v1/bank-accounts/verify'],
    ['POST', '/v1/charges'],
    ['GET', '/v1/charges?idempotency_key=k'],
    ['GET', '/v1/charges/ch_x'],
    ['POST', '/v1/charges/ch_x/refunds'],
    ['POST', '/v1/charges/ch_x/void'],
    ['POST', '/v1/customers'],
    ['POST', '/v1/customers/cus_x/methods'],
    ['DELETE', '/v1/customers/cus_x/methods/pm_x'],
    ['GET', '/v1/events'],
    ['GET', '/v1/_sandbox/charges'],
    ['POST', '/v1/_sandbox/bank-accounts/close'],
  ])('%s %s needs the secret key', async (method, path) => {
    for (const auth of [null, 'sk_test_wrong_key_000000', '']) {
      const { status, headers, body } = await call(method, path, { auth, key: newKey(), body: method === 'GET' ? undefined : {} });
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toBe('Bearer');
      expect(body.error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    }
  });
});

describe('requests', () => {
  it('answers unknown paths 404 and wrong methods 405', async () => {
    expect((await call('GET', '/v2/charges')).status).toBe(404);
    expect((await call('PUT', '/v1/charges')).status).toBe(405);
    expect((await call('POST', '/v1/charges/ch_x')).status).toBe(405);
  });

  it('refuses bodies over 64 KiB', async () => {
    const { status, body } = await call('POST', '/v1/customers', { key: newKey(), body: { reference: 'x'.repeat(70_000) } });
    expect(status).toBe(413);
    expect(body.error.code).toBe('request_too_large');
  });

  it.each([
    ['a JSON number', 1234],
    ['a decimal', '12.34'],
    ['zero', '0'],
    ['a negative', '-5'],
    ['a leading zero', '0100'],
    ['19 digits', '1234567890123456789'],
  ])('takes amounts only as strings of positive integer cents, not %s', async (_name, amount) => {
    const token = await visaToken();
    const { status, body } = await call('POST', '/v1/charges', { key: newKey(), body: { amount, source: { token }, description: 'x' } });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_amount', field: 'amount' });
  });

  it('writes amounts as strings of cents, exact beyond 2^53', async () => {
    const token = await visaToken();
    const { status, body } = await call('POST', '/v1/charges', { key: newKey(), body: { amount: '9007199254740993', source: { token }, description: 'big' } });
    expect(status).toBe(201);
    expect(body).toMatchObject({ amount: '9007199254740993', refunded: '0' });
  });
});

describe('Idempotency-Key', () => {
  it('is required on every money-moving or creating request', async () => {
    const token = await visaToken();
    for (const [path, body] of [
      ['/v1/charges', { amount: '100', source: { token }, description: 'x' }],
      ['/v1/charges/ch_x/refunds', { amount: '100' }],
      ['/v1/charges/ch_x/void', {}],
      ['/v1/customers', { reference: 'x' }],
      ['/v1/customers/cus_x/methods', { token }],
    ] as const) {
      const response = await call('POST', path, { body });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('idempotency_key_required');
    }
  });

  it('replays the first answer with 200 and Idempotent-Replayed, whatever the key order of the body', async () => {
    const token = await visaToken();
    const key = newKey();
    const first = await call('POST', '/v1/charges', { key, body: { amount: '2500', source: { token }, description: 'water' } });
    const again = await call('POST', '/v1/charges', { key, body: `{"description":"water","source":{"token":"${token}"},"amount":"2500"}` });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await listSandboxCharges(sandbox.url, SECRET_KEY)).toHaveLength(1);
  });

  it('replays a decline, and charges nothing', async () => {
    const token = await createSandboxToken(sandbox.url, { ...VISA, number: SANDBOX_TEST_CARDS.insufficientFunds });
    const key = newKey();
    const request = { key, body: { amount: '2500', source: { token }, description: 'water' } };
    const first = await call('POST', '/v1/charges', request);
    const again = await call('POST', '/v1/charges', request);
    expect(first).toMatchObject({ status: 402, body: { error: { type: 'card_declined', code: 'INSUFFICIENT_FUNDS' } } });
    expect(again.status).toBe(402);
    expect(again.body).toEqual(first.body);
    expect(await listSandboxCharges(sandbox.url, SECRET_KEY)).toEqual([]);
  });

  it('refuses a key reused on another request or endpoint with 409', async () => {
    const token = await visaToken();
    const key = newKey();
    const charge = await call('POST', '/v1/charges', { key, body: { amount: '2500', source: { token }, description: 'water' } });
    const otherAmount = await call('POST', '/v1/charges', { key, body: { amount: '2600', source: { token }, description: 'water' } });
    const otherEndpoint = await call('POST', `/v1/charges/${charge.body.id}/refunds`, { key, body: { amount: '100' } });
    for (const response of [otherAmount, otherEndpoint]) {
      expect(response).toMatchObject({ status: 409, body: { error: { type: 'idempotency_error', code: 'idempotency_key_reused' } } });
    }
  });

  it('leaves the key free after a refusal that changed nothing', async () => {
    const token = await visaToken();
    const key = newKey();
    expect((await call('POST', '/v1/charges', { key, body: { amount: 12.5, source: { token }, description: 'x' } })).status).toBe(400);
    expect((await call('POST', '/v1/charges', { key, body: { amount: '1250', source: { token }, description: 'x' } })).status).toBe(201);
  });
});

describe('magic amounts', () => {
  it('1313 charges, holds the answer back, and a retry gets the charge at once', async () => {
    const token = await visaToken();
    const key = newKey();
    const request = { key, body: { amount: '1313', source: { token }, description: 'slow' } };
    const started = Date.now();
    const first = await call('POST', '/v1/charges', request);
    expect(Date.now() - started).toBeGreaterThanOrEqual(HANG_MS - 20);
    expect(first).toMatchObject({ status: 201, body: { amount: '1313', status: 'CAPTURED' } });

    const retryStarted = Date.now();
    const retry = await call('POST', '/v1/charges', request);
    expect(Date.now() - retryStarted).toBeLessThan(HANG_MS);
    expect(retry.body.id).toBe(first.body.id);
  });

  it('1314 holds the answer back, then 504, and charges nothing', async () => {
    const token = await visaToken();
    const { status, body } = await call('POST', '/v1/charges', { key: newKey(), body: { amount: '1314', source: { token }, description: 'lost' } });
    expect(status).toBe(504);
    expect(body.error).toMatchObject({ type: 'api_error', code: 'processor_timeout' });
    expect(await listSandboxCharges(sandbox.url, SECRET_KEY)).toEqual([]);
  });

  it('1315 charges at once; its void is made, its answer held back, and a retry gets the void at once', async () => {
    const token = await visaToken();
    const charged = await call('POST', '/v1/charges', { key: newKey(), body: { amount: '1315', source: { token }, description: 'void slowly' } });
    expect(charged).toMatchObject({ status: 201, body: { status: 'CAPTURED' } });
    const request = { key: newKey(), body: {} };
    const started = Date.now();
    const first = await call('POST', `/v1/charges/${charged.body.id}/void`, request);
    expect(Date.now() - started).toBeGreaterThanOrEqual(HANG_MS - 20);
    expect(first).toMatchObject({ status: 200, body: { status: 'VOIDED' } });

    const retryStarted = Date.now();
    expect(await call('POST', `/v1/charges/${charged.body.id}/void`, request)).toMatchObject({ status: 200, body: { status: 'VOIDED' } });
    expect(Date.now() - retryStarted).toBeLessThan(HANG_MS);
  });

  it('close() does not wait for answers held back', async () => {
    const slow = await startSandboxProcessor({ secretKey: SECRET_KEY, hangMs: 60_000 });
    const token = await createSandboxToken(slow.url, VISA);
    const pending = fetch(`${slow.url}/v1/charges`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SECRET_KEY}`, 'Idempotency-Key': newKey() },
      body: JSON.stringify({ amount: '1314', source: { token }, description: 'lost' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await slow.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });
});

describe('GET /v1/charges?idempotency_key=', () => {
  it('finds the charge made with a key, or nothing', async () => {
    const token = await visaToken();
    const key = newKey();
    const charge = await call('POST', '/v1/charges', { key, body: { amount: '700', source: { token }, description: 'x' } });
    expect((await call('GET', `/v1/charges?idempotency_key=${key}`)).body).toEqual({ data: [charge.body] });
    expect((await call('GET', '/v1/charges?idempotency_key=never-used')).body).toEqual({ data: [] });
    expect((await call('GET', '/v1/charges')).status).toBe(400);
  });
});
