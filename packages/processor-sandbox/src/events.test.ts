import { FixedClock } from '@platform/core';
import { createSandboxToken } from './sandbox-client';
import { startSandboxProcessor, type RunningSandboxProcessor } from './sandbox-server';
import { SANDBOX_BANK, SANDBOX_TEST_CARDS } from './test-numbers';

/* The event feed: every refund, void and e-check return, through the API or not, in order, paged after a cursor. */

const SECRET_KEY = 'sk_test_events_0123456789';
const DAY_MS = 24 * 60 * 60 * 1000;
const clock = new FixedClock(new Date('2026-03-10T15:00:00Z'));
let sandbox: RunningSandboxProcessor;
let keys = 0;
beforeEach(async () => {
  clock.set(new Date('2026-03-10T15:00:00Z'));
  sandbox = await startSandboxProcessor({ secretKey: SECRET_KEY, clock, settlementDelaySeconds: 2 * 86_400 });
});
afterEach(() => sandbox.close());

interface FeedEvent {
  id: string;
  type: string;
  createdAt: string;
  charge: { id: string; status: string; refunded: string; returnCode: string | null };
  refund: { id: string; amount: string } | null;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Authorization: `Bearer ${SECRET_KEY}` };
  if (method === 'POST') headers['Idempotency-Key'] = `events-${++keys}`;
  const response = await fetch(`${sandbox.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as T };
}

async function charge(details: Parameters<typeof createSandboxToken>[1], amount = '5000'): Promise<string> {
  const token = await createSandboxToken(sandbox.url, details);
  const { status, body } = await call<{ id: string }>('POST', '/v1/charges', { amount, source: { token }, description: 'events' });
  expect(status).toBe(201);
  return body.id;
}
const card = () => charge({ number: SANDBOX_TEST_CARDS.visa, expMonth: 12, expYear: 2030, cvc: '123', postalCode: '73069' });
const echeck = (accountNumber: string) => charge({ routingNumber: SANDBOX_BANK.routingNumber, accountNumber, accountType: 'CHECKING', holderName: 'Pat Payer' });
const events = (query = '') => call<{ data: FeedEvent[]; hasMore: boolean }>('GET', `/v1/events${query}`);

it('tells of each refund, void and e-check return in the order they happened, each with the charge as it stood then', async () => {
  const refunded = await card();
  const voided = await card();
  const returned = await echeck(SANDBOX_BANK.accounts.returnsInsufficientFunds);
  await echeck(SANDBOX_BANK.accounts.settles);
  expect((await events()).body).toEqual({ data: [], hasMore: false });

  await call('POST', `/v1/charges/${refunded}/refunds`, { amount: '1000' });
  await call('POST', `/v1/charges/${voided}/void`, {});
  await call('POST', `/v1/charges/${refunded}/refunds`, { amount: '500' });
  clock.set(new Date(clock.now().getTime() + 3 * DAY_MS));

  const { status, body } = await events();
  expect(status).toBe(200);
  expect(body.data.map((e) => [e.type, e.charge.id, e.charge.status, e.charge.refunded, e.refund?.amount ?? null, e.charge.returnCode])).toEqual([
    ['charge.refunded', refunded, 'CAPTURED', '1000', '1000', null],
    ['charge.voided', voided, 'VOIDED', '0', null, null],
    ['charge.refunded', refunded, 'CAPTURED', '1500', '500', null],
    ['charge.returned', returned, 'RETURNED', '0', null, 'R01'],
  ]);
  // The return is dated when the bank sent it back, the end of the settlement delay, not when the feed was read.
  expect(body.data[3]!.createdAt).toBe('2026-03-12T15:00:00.000Z');
  // Read again, nothing new: the return is told once.
  expect((await events()).body.data).toHaveLength(4);
});

it('pages after the last event read, and refuses a cursor it never gave or a page size out of range', async () => {
  const id = await card();
  for (let i = 0; i < 5; i++) await call('POST', `/v1/charges/${id}/refunds`, { amount: '100' });

  const first = await events('?limit=2');
  expect(first.body.hasMore).toBe(true);
  const second = await events(`?after=${first.body.data[1]!.id}&limit=2`);
  const third = await events(`?after=${second.body.data[1]!.id}&limit=2`);
  expect(third.body.hasMore).toBe(false);
  expect([...first.body.data, ...second.body.data, ...third.body.data].map((e) => e.charge.refunded)).toEqual(['100', '200', '300', '400', '500']);
  expect((await events(`?after=${third.body.data[0]!.id}`)).body).toEqual({ data: [], hasMore: false });

  expect(await events('?after=evt_unknown')).toMatchObject({ status: 400, body: { error: { code: 'event_not_found', field: 'after' } } });
  for (const limit of ['0', '101', '-1', 'ten', '2.5']) expect(await events(`?limit=${limit}`)).toMatchObject({ status: 400, body: { error: { code: 'invalid_limit' } } });
});

it('tells nothing of an idempotent retry: a refund replayed under its key is one event', async () => {
  const id = await card();
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${SECRET_KEY}`, 'Idempotency-Key': 'one-refund' };
  for (let i = 0; i < 2; i++) await fetch(`${sandbox.url}/v1/charges/${id}/refunds`, { method: 'POST', headers, body: JSON.stringify({ amount: '700' }) });
  expect((await events()).body.data.map((e) => e.type)).toEqual(['charge.refunded']);
});

it('tells of a dispute opened and decided, with its amount, reason and respond-by date, and refuses a refund of the disputed charge', async () => {
  const disputed = await card();
  expect((await call('POST', `/v1/charges/${disputed}/refunds`, { amount: '1000' })).status).toBe(201);
  const opened = await call<{ id: string; amount: string; fee: string; reason: string; status: string; respondBy: string }>('POST', `/v1/_sandbox/charges/${disputed}/disputes`, {
    reason: 'duplicate',
  });
  expect(opened).toEqual({ status: 201, body: expect.objectContaining({ amount: '4000', fee: '1500', reason: 'duplicate', status: 'needs_response', respondBy: '2026-03-17T15:00:00.000Z' }) });
  expect((await call('POST', `/v1/_sandbox/charges/${disputed}/disputes`, {})).status).toBe(409);
  expect((await call<{ error: { code: string } }>('POST', `/v1/charges/${disputed}/refunds`, { amount: '100' })).body.error.code).toBe('charge_disputed');
  clock.set(new Date(clock.now().getTime() + DAY_MS));
  expect((await call('POST', `/v1/_sandbox/disputes/${opened.body.id}/close`, { outcome: 'lost' })).status).toBe(200);
  expect((await call('POST', `/v1/_sandbox/disputes/${opened.body.id}/close`, { outcome: 'won' })).status).toBe(409);

  const feed = (await events()).body.data as unknown as { type: string; dispute: { id: string; status: string; amount: string } | null }[];
  expect(feed.map((e) => [e.type, e.dispute?.status ?? null, e.dispute?.amount ?? null])).toEqual([
    ['charge.refunded', null, null],
    ['charge.dispute.opened', 'needs_response', '4000'],
    ['charge.dispute.closed', 'lost', '4000'],
  ]);
});

it('refuses to void a charge disputed the day it was made: the money went back to the card holder already', async () => {
  const disputed = await card();
  expect((await call('POST', `/v1/_sandbox/charges/${disputed}/disputes`, {})).status).toBe(201);
  expect((await call<{ error: { code: string } }>('POST', `/v1/charges/${disputed}/void`, {})).body.error.code).toBe('charge_not_voidable');
  expect((await events()).body.data.map((e) => (e as { type: string }).type)).toEqual(['charge.dispute.opened']);
});

it('disputes only what a card charge has left, and never an e-check', async () => {
  const disputed = await card();
  expect((await call<{ error: { code: string } }>('POST', `/v1/_sandbox/charges/${disputed}/disputes`, { amount: '5001' })).body.error.code).toBe('amount_exceeds_disputable');
  expect((await call<{ error: { code: string } }>('POST', `/v1/_sandbox/charges/${disputed}/disputes`, { reason: 'because' })).body.error.code).toBe('invalid_reason');
  const bank = await echeck(SANDBOX_BANK.accounts.settles);
  expect((await call<{ error: { code: string } }>('POST', `/v1/_sandbox/charges/${bank}/disputes`, {})).body.error.code).toBe('charge_not_disputable');
  expect((await events()).body.data).toEqual([]);
});
