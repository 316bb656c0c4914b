import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { LOOKUP } from './billing-api';

let platform: TestPlatform;
beforeAll(async () => {
  // Demo accounts are seeded; each test request comes from its own address unless it says otherwise.
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

let nextAddress = 1;
const guest = (slug: string, address = `198.51.100.${nextAddress++}`) => platform.client.asTenant(slug).withHeaders({ 'x-forwarded-for': address });

type Lookup = {
  lookupAccount: {
    account: {
      serviceAccountId: string;
      accountNumber: string;
      maskedName: string;
      maskedAddress: string;
      status: string;
      amountDue: { amount: string; formatted: string };
      pastDue: { amount: string };
      dueDate: string | null;
    } | null;
    userErrors: { field: string[]; code: string; message: string }[];
  };
};
const lookup = async (slug: string, input: Record<string, unknown>, client = guest(slug)) => (await client.data<Lookup>(LOOKUP, { input })).lookupAccount;

describe('Norwalk: the account number is enough', () => {
  it('shows a guest only what a payer needs, with the name and address masked', async () => {
    const { account, userErrors } = await lookup('norwalk', { accountNumber: '10 1002 00' });
    expect(userErrors).toEqual([]);
    expect(account).toMatchObject({
      accountNumber: '10-1002-00',
      maskedName: 'J. C.',
      // No digit of the house number: it is what links the account here (a guest with the number would have it).
      maskedAddress: '*** A*** Blvd, Norwalk',
      status: 'ACTIVE',
      amountDue: { amount: '313.00', formatted: '$313.00' },
      pastDue: { amount: '206.60' },
    });
    // $206.60 of the amount due is past due: to be paid now, so no later date is given for it.
    expect(account?.dueDate).toBeNull();
    expect(JSON.stringify(account)).not.toMatch(/James|Carter|Alondra|11929/);
  });

  it('answers an unknown number with one generic error, at the number (it is all the city asks)', async () => {
    const { account, userErrors } = await lookup('norwalk', { accountNumber: '99-9999-99' });
    expect(account).toBeNull();
    expect(userErrors).toEqual([{ field: ['input', 'accountNumber'], code: 'VERIFICATION_FAILED', message: expect.any(String) }]);
  });

  it('does not find another city’s account', async () => {
    const { userErrors } = await lookup('norwalk', { accountNumber: '2002-0933' });
    expect(userErrors[0]?.code).toBe('VERIFICATION_FAILED');
  });
});

describe('Norman: the account number and the last payment amount', () => {
  it('finds the account when both match', async () => {
    const { account, userErrors } = await lookup('norman', { accountNumber: '2002-0933', lastPaymentAmount: '40.00' });
    expect(userErrors).toEqual([]);
    expect(account).toMatchObject({ accountNumber: '2002-0933', maskedName: 'D. B.', amountDue: { amount: '307.15' } });
    // "40" means the same amount as "40.00".
    expect((await lookup('norman', { accountNumber: '20020933', lastPaymentAmount: '40' })).account?.accountNumber).toBe('2002-0933');
  });

  it('asks for the amount when it is missing, and for a readable one', async () => {
    expect((await lookup('norman', { accountNumber: '2002-0933' })).userErrors).toEqual([{ field: ['input', 'lastPaymentAmount'], code: 'REQUIRED', message: expect.any(String) }]);
    expect((await lookup('norman', { accountNumber: '2002-0933', lastPaymentAmount: '40.001' })).userErrors[0]?.code).toBe('INVALID_AMOUNT');
  });

  it('gives the same error for a wrong amount and for an unknown account, revealing neither, at the input as a whole', async () => {
    const wrongAmount = await lookup('norman', { accountNumber: '2002-0933', lastPaymentAmount: '41.00' });
    const unknownAccount = await lookup('norman', { accountNumber: '2999-0000', lastPaymentAmount: '40.00' });
    expect(wrongAmount).toEqual(unknownAccount);
    expect(wrongAmount).toEqual({ account: null, userErrors: [{ field: ['input'], code: 'VERIFICATION_FAILED', message: expect.stringContaining('last payment') }] });
  });

  it('says it in Spanish to a Spanish speaker at Norwalk', async () => {
    const { userErrors } = await lookup('norwalk', { accountNumber: '12' }, guest('norwalk').withHeaders({ 'accept-language': 'es' }));
    expect(userErrors[0]?.message).toMatch(/cuenta/);
  });
});

describe('abuse limits on look-ups', () => {
  it('locks an account after 5 failed proofs, whoever sends them, even against the right amount', async () => {
    for (let i = 0; i < 5; i++) expect((await lookup('norman', { accountNumber: '2001-0417', lastPaymentAmount: `1.0${i}` })).userErrors[0]?.code).toBe('VERIFICATION_FAILED');
    const locked = await guest('norman').request(LOOKUP, { input: { accountNumber: '2001-0417', lastPaymentAmount: '100.65' } });
    expect(locked.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number), reason: 'SECOND_FACTOR_LOCKOUT' });
    // Another account is not affected.
    expect((await lookup('norman', { accountNumber: '2004-2650', lastPaymentAmount: '120.00' })).account).not.toBeNull();
  });

  it('stops one address trying many account numbers', async () => {
    const scanner = guest('norwalk', '192.0.2.99');
    for (let i = 0; i < 20; i++) await lookup('norwalk', { accountNumber: `55-${1000 + i}-00` }, scanner);
    const limited = await scanner.request(LOOKUP, { input: { accountNumber: '10-1001-00' } });
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect((await lookup('norwalk', { accountNumber: '10-1001-00' })).account).not.toBeNull();
  });
});
