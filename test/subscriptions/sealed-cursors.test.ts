import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { lastFinalCursor, tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';

/*
 * Found by attack (the wall between cities): an event's cursor was the writing transaction's id times 2^64 plus a
 * global sequence, given to clients as digits. Both count every city's writes: Norwalk's staff, or anyone following
 * their own payment by its receipt token, could read from two cursors how many transactions and events the whole
 * platform, and so the other cities, made in between. Clients are now given each cursor sealed for their city.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const FEED = 'subscription Feed($after: String) { paymentFeed(after: $after) { cursor paymentId status } }';
type FeedEvent = { paymentFeed: { cursor: string; paymentId: string; status: string } };
const UPDATED = 'subscription Updated($confirmationNumber: String, $receiptToken: String) { paymentUpdated(confirmationNumber: $confirmationNumber, receiptToken: $receiptToken) { cursor status } }';
type UpdatedEvent = { paymentUpdated: { cursor: string; status: string } };

const guestPays = async (slug: string, accountNumber: string) =>
  pay(platform.client.asTenant(slug), {
    idempotencyKey: newKey('sealed'),
    allocations: [{ accountNumber, amount: '2.00' }],
    token: await cardToken(platform),
    payerEmail: 'sealed@example.com',
  });

/** The events table's own cursors (digits) of a payment's events, oldest first. */
const storedCursors = (slug: string, paymentId: string) =>
  tenantRows<{ cursor: string }>(platform, slug, 'SELECT cursor::text AS cursor FROM events WHERE subject_id = $1 ORDER BY cursor', [paymentId]).then((rows) => rows.map((row) => row.cursor));

it("gives staff and payers cursors that spell neither the platform's transaction ids nor its event count, and takes back none of those numbers", async () => {
  const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const socket = staff.openSocket();
  const guestSocket = platform.client.asTenant('norwalk').openSocket();
  try {
    const feed = socket.subscribe<FeedEvent>(FEED, { after: await lastFinalCursor(platform, 'norwalk') });
    const paid = await guestPays('norwalk', '10-1001-00');
    const staffSaw = (await feed.take(2)).map((event) => event.paymentFeed);
    const payerSaw = (await guestSocket.subscribe<UpdatedEvent>(UPDATED, { confirmationNumber: paid.payment!.confirmationNumber, receiptToken: paid.receiptToken }).take(2)).map(
      (event) => event.paymentUpdated,
    );
    const stored = await storedCursors('norwalk', paid.payment!.id);

    expect(staffSaw.map((event) => event.status)).toEqual(['PENDING', 'CAPTURED']);
    expect(stored).toHaveLength(2);
    for (const cursor of [...staffSaw, ...payerSaw].map((event) => event.cursor)) {
      expect(cursor).toMatch(/^[A-Za-z0-9_-]{32}$/);
      for (const number of stored) expect(cursor).not.toContain(number);
    }
    // One event, one cursor, whoever follows it.
    expect(payerSaw.map((event) => event.cursor)).toEqual(staffSaw.map((event) => event.cursor));

    // The stored number itself is no cursor of the feed's.
    const refused = await socket.subscribe(FEED, { after: stored[0] }).next();
    expect(refused?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  } finally {
    await socket.close();
    await guestSocket.close();
  }
});

it("refuses a cursor of another city's feed (INVALID_CURSOR), though it is well formed and the feed gave it out", async () => {
  const norwalk = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const norman = await signInStaff(platform, 'norman', 'SUPPORT');
  await guestPays('norwalk', '10-1001-00');
  const { paymentFeedHead } = await norwalk.data<{ paymentFeedHead: string }>('{ paymentFeedHead }');
  const normanSocket = norman.openSocket();
  const norwalkSocket = norwalk.openSocket();
  try {
    const refused = await normanSocket.subscribe(FEED, { after: paymentFeedHead }).next();
    expect(refused?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    // In its own city it is taken: the next payment comes.
    const feed = norwalkSocket.subscribe<FeedEvent>(FEED, { after: paymentFeedHead });
    const next = await guestPays('norwalk', '10-1001-00');
    const seen: string[] = [];
    while (!seen.includes(next.payment!.id) && !seen.includes('nothing within 5 s')) seen.push((await feed.next(5_000))?.data?.paymentFeed.paymentId ?? 'nothing within 5 s');
    expect(seen).toContain(next.payment!.id);
  } finally {
    await normanSocket.close();
    await norwalkSocket.close();
  }
});
