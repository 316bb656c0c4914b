import { EVENT_CURSOR } from '@platform/events';
import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { randomUUID } from 'node:crypto';
import { tenantRows } from '../customers/customer-api';
import { countStatements } from '../gateway/statement-counter';
import { amountDue, cardToken, newKey, pay } from '../payments/payments-api';
import { eventually } from '../processes/platform-process';
import { signInStaff } from './billing-api';

/*
 * restorationRequestsHead is the latest status change into or out of RESTORATION_PENDING (or a request's payment
 * posting). Most of a city's status changes are neither (accounts falling past due, made eligible, reconnected), and
 * the head used to walk back through them 200 at a time, a query per page, testing each in the gateway: a city with
 * a sweep's thousands of changes since its last request made every staff page that opened the queue wait on them.
 * The database now picks the head out alone, in one query, whatever lies after it.
 */

let platform: TestPlatform;
let staff: GraphQLTestClient;
let counter: ReturnType<typeof countStatements>;
/** The head the first test leaves: the latest restoration event. */
let latestHead: string | null = null;
beforeAll(async () => {
  platform = await startTestPlatform();
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  counter = countStatements(platform.db);
});
afterAll(() => platform.close());

const HEAD = '{ restorationRequestsHead }';
const REQUESTS = 'subscription Q($after: String) { restorationRequests(after: $after) { cursor accountNumber from to } }';
type RequestEvent = { restorationRequests: { cursor: string; accountNumber: string; from: string | null; to: string } };

/** The head, and the statements the gateway sent for it (asked twice: the first warms what a running gateway has warm anyway). */
async function head(): Promise<{ cursor: string | null; statements: number }> {
  await staff.data(HEAD);
  const { result, statements } = await counter.during(() => staff.data<{ restorationRequestsHead: string | null }>(HEAD));
  return { cursor: result.restorationRequestsHead, statements: statements.length };
}

/** Status changes of `count` accounts from one status to another, written as billing writes them, in one transaction. */
async function statusChanges(count: number, from: string, to: string): Promise<void> {
  const changes = Array.from({ length: count }, (_, i) => {
    const serviceAccountId = randomUUID();
    return { serviceAccountId, payload: { serviceAccountId, accountNumber: `77-${String(i).padStart(4, '0')}-00`, from, to, reason: 'PAST_DUE', actor: 'system', paymentId: null } };
  });
  const [tenant] = await platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
  await tenantRows(
    platform,
    'norwalk',
    `INSERT INTO events (tenant_id, cursor, type, subject_id, payload, occurred_at)
     SELECT $1, ${EVENT_CURSOR}, $2, u.subject_id, u.payload, now() FROM unnest($3::uuid[], $4::jsonb[]) WITH ORDINALITY AS u (subject_id, payload, n) ORDER BY n`,
    [tenant!.id, `account.${to.toLowerCase()}`, changes.map((c) => c.serviceAccountId), changes.map((c) => JSON.stringify(c.payload))],
  );
}

async function lastFed(): Promise<RequestEvent['restorationRequests'][]> {
  const socket = staff.openSocket();
  try {
    // Everything the feed hands over from the start: the demo city's requests and the one opened below.
    const head = (await staff.data<{ restorationRequestsHead: string | null }>(HEAD)).restorationRequestsHead;
    const feed = socket.subscribe<RequestEvent>(REQUESTS, { after: '0' });
    const events: RequestEvent['restorationRequests'][] = [];
    while (events.at(-1)?.cursor !== head) events.push(...(await feed.take(1)).map((e) => e.restorationRequests));
    return events;
  } finally {
    await socket.close();
  }
}

it('is the latest restoration event, in one query, with thousands of other status changes after it', async () => {
  // Norwalk's disconnected demo account, paid in full by a guest: its restoration request opens.
  const account = { accountNumber: '10-1003-00' };
  const client = platform.client.asTenant('norwalk');
  const { due } = await amountDue(client, account);
  const paid = await pay(client, { idempotencyKey: newKey('head'), allocations: [{ ...account, amount: due }], token: await cardToken(platform), payerEmail: 'guest@example.com' });
  expect(paid.userErrors).toEqual([]);
  // The head is the latest final event: a transaction of another test's database still running holds the cluster's
  // horizon, and every event after its start, back for a moment.
  const opened = await eventually(head, (read) => read.cursor !== null, 30_000);

  // A sweep's worth of changes the feed leaves out, one that closes a request (out of RESTORATION_PENDING), then more.
  await statusChanges(1_500, 'ACTIVE', 'DISCONNECT_ELIGIBLE');
  await statusChanges(1, 'RESTORATION_PENDING', 'ACTIVE');
  await statusChanges(1_500, 'DISCONNECT_ELIGIBLE', 'ACTIVE');
  const after = await eventually(head, (read) => read.cursor !== opened.cursor, 30_000);

  const fed = await lastFed();
  expect(fed.at(-1)).toMatchObject({ accountNumber: '77-0000-00', from: 'RESTORATION_PENDING', to: 'ACTIVE' });
  expect(after.cursor).toBe(fed.at(-1)!.cursor);
  expect(fed.map((e) => e.cursor)).toContain(opened.cursor);
  expect(after.statements).toBe(opened.statements);
  latestHead = after.cursor;
});

it('is the latest by number, not by text: a request opened before cursors held the writing transaction does not come after it', async () => {
  // Written by a platform of before the events-without-city-lock migration: a cursor of one digit, as text above all others.
  const [tenant] = await platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
  const serviceAccountId = randomUUID();
  const payload = { serviceAccountId, accountNumber: '77-9999-00', from: 'ACTIVE', to: 'RESTORATION_PENDING', reason: 'PAID_IN_FULL', actor: 'system', paymentId: null };
  await tenantRows(platform, 'norwalk', `INSERT INTO events (tenant_id, cursor, type, subject_id, payload, occurred_at) VALUES ($1, 7, 'account.restoration_pending', $2, $3, now())`, [
    tenant!.id,
    serviceAccountId,
    JSON.stringify(payload),
  ]);
  expect((await head()).cursor).toBe(latestHead);
});
