import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { BURST, addressSource, burst, outcome } from './burst';
import { GOOD_PASSWORD, auditCount, LOGIN, REGISTER, REQUEST_RESET, RESET, outboxFor, registerCustomer, signIn, tenantRows } from './customer-api';

/*
 * Limits must hold against a burst: 60 requests sent at once, to a real
 * gateway and database. Each test counts what actually ran (failures written
 * to the audit log, users created, emails queued), not only the answers.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

const freshAddress = addressSource('10.20');
const from = (slug: string, address = freshAddress()): GraphQLTestClient => platform.client.asTenant(slug).withHeaders({ 'x-forwarded-for': address });

describe('sign-in under a burst', () => {
  it('checks at most 5 passwords of 60 sent at once for one account, each from its own address', async () => {
    const { user } = await registerCustomer(from('norwalk'), { email: 'burst-target@example.com' });
    const tally = await burst(BURST, (i) => from('norwalk').request(LOGIN, { input: { identifier: 'burst-target@example.com', password: `wrong guess ${i}` } }));
    expect(tally).toEqual({ INVALID_CREDENTIALS: 5, RATE_LIMITED: BURST - 5 });
    expect(await auditCount(platform, 'norwalk', `kind = 'LOGIN_FAILED' AND user_id = $1`, [user.id])).toBe(5);
  });

  it('checks at most 20 passwords of 60 sent at once from one address, across accounts', async () => {
    const address = freshAddress();
    const tally = await burst(BURST, (i) => from('norwalk', address).request(LOGIN, { input: { identifier: `burst-victim-${i}@example.com`, password: 'wrong guess' } }));
    expect(tally).toEqual({ INVALID_CREDENTIALS: 20, RATE_LIMITED: BURST - 20 });
    expect(await auditCount(platform, 'norwalk', `kind = 'LOGIN_FAILED' AND client_ip = $1`, [address])).toBe(20);
  });

  it('writes one RATE_LIMITED entry per limit reached, not one per refused request', async () => {
    const rows = await tenantRows<{ limit: string; n: string }>(
      platform,
      'norwalk',
      `SELECT detail->>'limit' AS limit, count(*) AS n FROM security_events WHERE kind = 'RATE_LIMITED' GROUP BY 1 ORDER BY 1`,
    );
    expect(rows.map((row) => [row.limit, Number(row.n)])).toEqual([
      ['login-account', 1],
      ['login-ip', 1],
    ]);
  });

  it("does not spend a legitimate user's budget on successful sign-ins", async () => {
    await registerCustomer(from('norman'), { email: 'regular@example.com', username: 'regular', name: 'Reg Ular', phone: '405-555-0101' });
    const home = from('norman');
    for (let i = 0; i < 10; i++) expect((await signIn(home, 'regular')).userErrors).toEqual([]);
    // The ten successes left the whole budget of five failures.
    for (let i = 0; i < 5; i++) expect((await signIn(home, 'regular', `typo ${i}`)).userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
    expect(outcome(await home.request(LOGIN, { input: { identifier: 'regular', password: GOOD_PASSWORD } }))).toBe('RATE_LIMITED');
  });
});

describe('registration and password reset under a burst', () => {
  it('creates at most 10 accounts of 60 registrations sent at once from one address', async () => {
    const address = freshAddress();
    const tally = await burst(BURST, (i) => from('norwalk', address).request(REGISTER, { input: { email: `mass-${i}@example.com`, password: GOOD_PASSWORD } }));
    expect(tally).toEqual({ OK: 10, RATE_LIMITED: BURST - 10 });
    expect(await auditCount(platform, 'norwalk', `kind = 'REGISTERED' AND client_ip = $1`, [address])).toBe(10);
    // A single limit counts in one round trip of its own; its refusals are still written, once per window.
    expect(await auditCount(platform, 'norwalk', `kind = 'RATE_LIMITED' AND client_ip = $1 AND detail->>'limit' = 'register-ip'`, [address])).toBe(1);
  });

  it('counts an IPv6 client by its /64 network: 60 registrations, each from another address of one /64, create 10 accounts', async () => {
    const tally = await burst(BURST, (i) => from('norwalk', `2001:db8:1:2::${(i + 1).toString(16)}`).request(REGISTER, { input: { email: `v6-${i}@example.com`, password: GOOD_PASSWORD } }));
    expect(tally).toEqual({ OK: 10, RATE_LIMITED: BURST - 10 });
    // Another network is another client.
    expect(outcome(await from('norwalk', '2001:db8:1:3::1').request(REGISTER, { input: { email: 'v6-next-door@example.com', password: GOOD_PASSWORD } }))).toBe('OK');
  });

  it('sends at most 3 reset emails of 60 requests sent at once for one account', async () => {
    await registerCustomer(from('norwalk'), { email: 'reset-burst@example.com' });
    const tally = await burst(BURST, () => from('norwalk').request(REQUEST_RESET, { input: { identifier: 'reset-burst@example.com' } }));
    expect(tally).toEqual({ OK: 3, RATE_LIMITED: BURST - 3 });
    expect(await outboxFor(platform, 'norwalk', 'reset-burst@example.com', 'PASSWORD_RESET')).toHaveLength(3);
  });

  it('checks at most 10 of 60 reset tokens guessed at once from one address', async () => {
    const address = freshAddress();
    const tally = await burst(BURST, (i) => from('norwalk', address).request(RESET, { input: { token: `guessed-token-${i}`, newPassword: GOOD_PASSWORD } }));
    expect(tally).toEqual({ INVALID_TOKEN: 10, RATE_LIMITED: BURST - 10 });
  });
});
