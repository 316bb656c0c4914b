import { ownerUrl } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { Client } from 'pg';
import { signInStaff } from '../billing/billing-api';
import { eventPlace, lastFinalCursor, tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';

/*
 * README, Live updates: "A subscriber more than 1,000 events behind is disconnected (close 4410, with the cursor to
 * resume from)". The cursor named must be one the subscriber was sent: an event graphql-js has taken from the stream
 * but whose fields are still resolving (Payment.payment reads the database) when the overflow closes the socket is
 * never sent, and a client told to resume after it, as it was, never saw that event. A subscriber that keeps up is
 * not behind, however many events commit at once: the hub hands a burst over page by page as it is taken.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const FEED = 'subscription F($after: String) { paymentFeed(after: $after) { cursor payment { id } } }';
type FeedEvent = { paymentFeed: { cursor: string; payment: { id: string } | null } };

/**
 * A staff subscriber following from before a payment of theirs, having taken its events; then 1,100 payment events
 * commit at once (an autopay wave, a posting run): more than a subscriber may have waiting. With `slowField`, resolving
 * an event's `payment` field is slow for a moment (here: a lock on payments; in life a busy pool or a slow disk) until
 * `release`.
 */
async function burstAfterPayment(slowField: boolean) {
  const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const [tenant] = await platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
  const start = await lastFinalCursor(platform, 'norwalk');
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '2.00' }],
    token: await cardToken(platform),
    payerEmail: 'live@example.com',
  });
  const paymentEvents = await tenantRows<{ cursor: string }>(platform, 'norwalk', "SELECT cursor::text AS cursor FROM events WHERE subject_id = $1 AND type LIKE 'payment.%' ORDER BY cursor", [
    paid.payment!.id,
  ]);

  const socket = staff.openSocket();
  const feed = socket.subscribe<FeedEvent>(FEED, { after: start });
  const received = (await feed.take(paymentEvents.length)).map((event) => event.paymentFeed.cursor);

  const writer = new Client({ connectionString: ownerUrl(platform.settings) });
  await writer.connect();
  await writer.query('BEGIN');
  await writer.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant!.id]);
  await writer.query(
    `INSERT INTO events (tenant_id, cursor, type, subject_id, payload, occurred_at)
       SELECT e.tenant_id, pg_current_xact_id()::text::numeric * 18446744073709551616 + nextval('event_sequence'), e.type, e.subject_id, e.payload, e.occurred_at
         FROM events e, generate_series(1, 1100) AS n WHERE e.cursor = $1::numeric ORDER BY n`,
    [paymentEvents[0]!.cursor],
  );
  // Taken after the writer's transaction id, so the lock's own transaction does not hold the events back (read-events.ts).
  const locker = new Client({ connectionString: ownerUrl(platform.settings) });
  await locker.connect();
  await locker.query('BEGIN');
  if (slowField) await locker.query('LOCK TABLE payments IN ACCESS EXCLUSIVE MODE');
  await writer.query('COMMIT');
  await writer.query(`SELECT pg_notify('platform_events', $1)`, [tenant!.id]);
  const release = async () => {
    await locker.query('ROLLBACK');
    await locker.end();
    await writer.end();
  };
  /**
   * Takes what the server sends until it sends nothing for a second (or the socket ends); while fewer than `expected`
   * have come, a quiet spell may last 20 s, as on a loaded machine the burst's first page can take that long.
   */
  const takeWhatComes = async (expected = 0) => {
    for (const before = received.length; ;) {
      const next = await feed.next(received.length - before < expected ? 20_000 : 1000).catch(() => null);
      if (!next?.data) return;
      received.push(next.data.paymentFeed.cursor);
    }
  };
  return { staff, socket, received, release, takeWhatComes, tooSlow: () => socket.closes.find((c) => c.code === 4410), tenantId: tenant!.id };
}

it('the cursor a too-slow subscriber is told to resume from (close 4410) is one it was sent, when an event is resolving as it overflows', async () => {
  const { staff, socket, received, release, takeWhatComes, tooSlow, tenantId } = await burstAfterPayment(true);
  const deadline = Date.now() + 10_000;
  while (!tooSlow() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await release();
  await takeWhatComes();
  const close = tooSlow();
  await socket.close();
  expect(close).toBeDefined();
  const resumeAfter = /after: "([\w-]*)"/.exec(close!.reason)?.[1] ?? '';
  expect({ resumeAfter, wasSent: received.includes(resumeAfter) }).toEqual({ resumeAfter, wasSent: true });
  // Following the instruction: the event at resumeAfter never comes again, and what follows it does.
  const again = staff.openSocket();
  const [resumed] = await again.subscribe<FeedEvent>(FEED, { after: resumeAfter }).take(1);
  await again.close();
  expect(eventPlace(platform, tenantId, resumed!.paymentFeed.cursor)).toBeGreaterThan(eventPlace(platform, tenantId, resumeAfter));
});

it('a subscriber that keeps up is handed all 1,100 events committed at once, in order, and stays connected', async () => {
  const { socket, received, release, takeWhatComes, tooSlow, tenantId } = await burstAfterPayment(false);
  const before = received.length;
  await takeWhatComes(1100);
  await release();
  const closedAsTooSlow = tooSlow() !== undefined;
  await socket.close();
  const burst = received.slice(before);
  expect({ closedAsTooSlow, received: burst.length }).toEqual({ closedAsTooSlow: false, received: 1100 });
  const places = burst.map((cursor) => eventPlace(platform, tenantId, cursor));
  expect(places).toEqual([...places].sort((a, b) => (a < b ? -1 : 1)));
  // 1,100 events resolved one by one: 6 s on a quiet machine, five times that with the cores shared.
}, 90_000);
