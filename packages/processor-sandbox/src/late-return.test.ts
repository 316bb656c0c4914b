import { FixedClock } from '@platform/core';
import { createSandboxToken, listSandboxCharges } from './sandbox-client';
import { startSandboxProcessor, type RunningSandboxProcessor } from './sandbox-server';
import { SANDBOX_BANK } from './test-numbers';

/* An e-check its account holder disputes as unauthorized after it settled: SETTLED first, RETURNED R10 later. */

const SECRET_KEY = 'sk_test_late_return_0123456789';
const DAY_MS = 24 * 60 * 60 * 1000;
let sandbox: RunningSandboxProcessor | null = null;
let keys = 0;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

async function start(clock: FixedClock, options: { settlementDelaySeconds?: number; lateReturnDelaySeconds?: number } = {}): Promise<RunningSandboxProcessor> {
  sandbox = await startSandboxProcessor({ secretKey: SECRET_KEY, clock, ...options });
  return sandbox;
}

async function call(running: RunningSandboxProcessor, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Authorization: `Bearer ${SECRET_KEY}` };
  if (method === 'POST') headers['Idempotency-Key'] = `late-${++keys}`;
  const response = await fetch(`${running.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { status?: string; returnCode?: string | null; error?: { code: string } } };
}

async function chargeFrom(running: RunningSandboxProcessor, accountNumber: string): Promise<string> {
  const token = await createSandboxToken(running.url, { routingNumber: SANDBOX_BANK.routingNumber, accountNumber, accountType: 'CHECKING', holderName: 'Pat Payer' });
  const { status, body } = await call(running, 'POST', '/v1/charges', { amount: '5000', source: { token }, description: 'late return' });
  expect(status).toBe(201);
  return (body as { id: string }).id;
}

describe('an account ending 0010', () => {
  it('settles, may be refunded meanwhile, then comes back RETURNED R10 the late-return delay after settling', async () => {
    const clock = new FixedClock(new Date('2026-03-10T15:00:00Z'));
    const running = await start(clock, { settlementDelaySeconds: 2 * 86_400, lateReturnDelaySeconds: 30 * 86_400 });
    const id = await chargeFrom(running, SANDBOX_BANK.accounts.returnsUnauthorizedAfterSettling);
    const status = async () => (await call(running, 'GET', `/v1/charges/${id}`)).body;

    expect(await status()).toMatchObject({ status: 'PENDING_SETTLEMENT', returnCode: null });
    clock.advance(2 * DAY_MS);
    expect(await status()).toMatchObject({ status: 'SETTLED', returnCode: null });
    expect((await call(running, 'POST', `/v1/charges/${id}/refunds`, { amount: '1000' })).status).toBe(201);
    clock.advance(30 * DAY_MS - 1);
    expect(await status()).toMatchObject({ status: 'SETTLED', returnCode: null });
    clock.advance(1);
    expect(await status()).toMatchObject({ status: 'RETURNED', returnCode: 'R10' });
    expect((await call(running, 'POST', `/v1/charges/${id}/refunds`, { amount: '1000' })).body.error?.code).toBe('charge_returned');
  });

  it('comes back ten settlement delays after settling by default', async () => {
    const clock = new FixedClock(new Date('2026-03-10T15:00:00Z'));
    const running = await start(clock, { settlementDelaySeconds: 86_400 });
    const id = await chargeFrom(running, '000987650010');
    clock.advance(DAY_MS + 10 * DAY_MS - 1);
    expect((await call(running, 'GET', `/v1/charges/${id}`)).body.status).toBe('SETTLED');
    clock.advance(1);
    expect((await call(running, 'GET', `/v1/charges/${id}`)).body).toMatchObject({ status: 'RETURNED', returnCode: 'R10' });
  });
});

describe('GET /v1/_sandbox/charges', () => {
  it('counts how many times each charge was looked up', async () => {
    const running = await start(new FixedClock(new Date('2026-03-10T15:00:00Z')));
    const asked = await chargeFrom(running, SANDBOX_BANK.accounts.settles);
    const unasked = await chargeFrom(running, SANDBOX_BANK.accounts.settles);
    await call(running, 'GET', `/v1/charges/${asked}`);
    await call(running, 'GET', `/v1/charges/${asked}`);
    const listed = await listSandboxCharges(running.url, SECRET_KEY);
    expect(listed.map((charge) => [charge.id, charge.lookups])).toEqual([
      [asked, 2],
      [unasked, 0],
    ]);
  });
});
