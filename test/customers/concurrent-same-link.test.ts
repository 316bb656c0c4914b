import { randomUUID } from 'node:crypto';
import { startTestPlatform, type GraphQLTestClient, type GraphQLResponse, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, tenantRows } from './customer-api';
import { untilWaitingOnLocks } from '../db/lock-waits';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

let nextAddress = 1;
const from = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });

const LINK = `mutation Link($input: LinkServiceAccountInput!) {
  linkServiceAccount(input: $input) { serviceAccount { id accountNumber } userErrors { field code message } }
}`;
type LinkPayload = { linkServiceAccount: { serviceAccount: { id: string; accountNumber: string } | null; userErrors: { field: string[]; code: string }[] } };

async function customer(email: string): Promise<{ client: GraphQLTestClient; userId: string }> {
  const { session, user } = await registerCustomer(from(), { email });
  return { client: bearer(from(), session), userId: user.id };
}

/**
 * Two clicks on "Link" (or two tabs) at once, for the same account: both pass the "already linked?" check made before
 * the user's lock, then take the lock in turn. Holding that lock until both wait on it makes the order certain.
 */
async function linkTwiceAtOnce(client: GraphQLTestClient, userId: string): Promise<GraphQLResponse<LinkPayload>[]> {
  const holder = platform.db.createQueryRunner();
  await holder.connect();
  await holder.startTransaction();
  await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`account-links:${userId}`]);
  let done = 0;
  try {
    const input = { accountNumber: '10-1001-00', serviceHouseNumber: '12700' };
    const both = [0, 1].map(() => client.request<LinkPayload>(LINK, { input }).finally(() => done++));
    await untilWaitingOnLocks(platform.db, '%pg_advisory_xact_lock%', { n: 2, finished: () => done === 2 });
    await holder.commitTransaction();
    return await Promise.all(both);
  } finally {
    if (holder.isTransactionActive) await holder.rollbackTransaction();
    await holder.release();
  }
}

describe('the same account linked twice at once by one resident', () => {
  it('writes one ACCOUNT_LINKED to the audit log, not one per click', async () => {
    const { client, userId } = await customer('double-click@example.com');
    const answers = await linkTwiceAtOnce(client, userId);
    expect(answers.map((a) => a.data?.linkServiceAccount.userErrors)).toEqual([[], []]);
    const links = await tenantRows<{ n: number }>(platform, 'norwalk', 'SELECT count(*)::int AS n FROM account_links WHERE user_id = $1', [userId]);
    expect(links[0]?.n).toBe(1);
    const events = await tenantRows<{ n: number }>(platform, 'norwalk', `SELECT count(*)::int AS n FROM security_events WHERE kind = 'ACCOUNT_LINKED' AND user_id = $1`, [userId]);
    expect(events[0]?.n).toBe(1);
  });

  it('with one place left under the cap, both answers succeed (the second click is not TOO_MANY_LINKED_ACCOUNTS)', async () => {
    const { client, userId } = await customer('almost-full@example.com');
    // 24 earlier links (other properties of the household): one place left of 25.
    const [{ tenant_id: tenantId }] = (await tenantRows<{ tenant_id: string }>(platform, 'norwalk', 'SELECT tenant_id FROM users WHERE id = $1', [userId])) as [{ tenant_id: string }];
    for (let i = 0; i < 24; i++) {
      await tenantRows(platform, 'norwalk', 'INSERT INTO account_links (tenant_id, user_id, service_account_id, linked_at) VALUES ($1, $2, $3, now())', [tenantId, userId, randomUUID()]);
    }
    const answers = await linkTwiceAtOnce(client, userId);
    // The account is linked once the first answer commits; the second asked for the very same link.
    expect(answers.map((a) => a.data?.linkServiceAccount.userErrors.map((e) => e.code))).toEqual([[], []]);
  });
});
