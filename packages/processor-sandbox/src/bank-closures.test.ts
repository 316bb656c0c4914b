import { FixedClock } from '@platform/core';
import { closeSandboxBankAccount, createSandboxToken } from './sandbox-client';
import { startSandboxProcessor, type RunningSandboxProcessor } from './sandbox-server';
import { SANDBOX_BANK } from './test-numbers';

/* A bank account its holder closes after saving it: the saved method and any new token of it are declined from then on. */

const SECRET_KEY = 'sk_test_bank_closures_0123456789';
let sandbox: RunningSandboxProcessor;
let keys = 0;
beforeAll(async () => {
  sandbox = await startSandboxProcessor({ secretKey: SECRET_KEY, clock: new FixedClock(new Date('2026-03-10T15:00:00Z')) });
});
afterAll(() => sandbox.close());

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Authorization: `Bearer ${SECRET_KEY}`, 'Idempotency-Key': `closure-${++keys}` };
  const response = await fetch(`${sandbox.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string; field?: string } } };
}

const bankToken = (accountNumber: string) => createSandboxToken(sandbox.url, { routingNumber: SANDBOX_BANK.routingNumber, accountNumber, accountType: 'CHECKING', holderName: 'Pat Payer' });

it('declines every debit of a saved bank account once its holder closed it, and leaves other accounts alone', async () => {
  const profile = (await call('POST', '/v1/customers', { reference: 'pat' })).body.id as string;
  const saved = (await call('POST', `/v1/customers/${profile}/methods`, { token: await bankToken('000555550005') })).body as { id: string; fingerprint: string };
  const other = (await call('POST', `/v1/customers/${profile}/methods`, { token: await bankToken('000555550006') })).body as { id: string };
  const debit = (methodId: string) => call('POST', '/v1/charges', { amount: '4500', source: { profileId: profile, methodId }, description: 'water' });
  expect((await debit(saved.id)).status).toBe(201);

  await closeSandboxBankAccount(sandbox.url, SECRET_KEY, saved.fingerprint);
  const refused = await debit(saved.id);
  expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 402, code: 'INVALID_ACCOUNT' });
  expect((await debit(other.id)).status).toBe(201);

  // The same account tokenized anew: the bank says it does not exist, and a charge or a save is refused.
  const again = await bankToken('000555550005');
  expect((await call('POST', '/v1/bank-accounts/verify', { token: again })).body).toEqual({ valid: false, reason: 'ACCOUNT_NOT_FOUND' });
  expect((await call('POST', `/v1/customers/${profile}/methods`, { token: again })).body.error?.code).toBe('INVALID_ACCOUNT');
});

it('refuses a close without a fingerprint', async () => {
  const { status, body } = await call('POST', '/v1/_sandbox/bank-accounts/close', {});
  expect({ status, code: body.error?.code, field: body.error?.field }).toEqual({ status: 400, code: 'invalid_fingerprint', field: 'fingerprint' });
});
