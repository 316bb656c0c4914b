import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { eventPlace } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';

/*
 * One error vocabulary: every list that takes back a cursor refuses one it did not give out as
 * BAD_USER_INPUT with `reason: INVALID_CURSOR` (README: serviceAccounts, ledger, auditLog, autopayRuns...),
 * so a client has one branch for "start again from the beginning". The live feeds take cursors too
 * (`paymentFeed(after)`, `restorationRequests(after)`), and a board that kept a corrupted cursor must be able
 * to tell the same refusal from any other bad input, as it can on the lists. A well-formed cursor beyond anything
 * the feed gave out (the head with a digit too many; every board's cursor after the database is restored under lower
 * transaction ids) is refused too: followed, it would show nothing ever, live events included, since every new event
 * is "at or before" it.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const FEEDS = [
  ['paymentFeed', 'subscription Feed($after: String) { paymentFeed(after: $after) { cursor } }'],
  ['restorationRequests', 'subscription Requests($after: String) { restorationRequests(after: $after) { cursor } }'],
] as const;

const guestPays = async () =>
  pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '2.00' }],
    token: await cardToken(platform),
    payerEmail: 'live@example.com',
  });

describe('a cursor the feed did not give out', () => {
  it.each(FEEDS)('%s refuses it as the lists do: BAD_USER_INPUT, reason INVALID_CURSOR', async (_name, subscription) => {
    const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    const list = await staff.request('{ serviceAccounts(after: "not-a-cursor") { edges { cursor } } }');
    expect(list.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });

    const socket = staff.openSocket();
    try {
      const refused = await socket.subscribe(subscription, { after: 'not-a-cursor' }).next();
      expect(refused?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    } finally {
      await socket.close();
    }
  });
});

describe("a well-formed cursor beyond the feed's head", () => {
  it.each(FEEDS)('%s refuses it (INVALID_CURSOR), where it used to follow it and show nothing ever', async (_name, subscription) => {
    const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    await guestPays();
    const { paymentFeedHead } = await staff.data<{ paymentFeedHead: string }>('{ paymentFeedHead }');
    // Sealed for the city, as the feed seals: the head a billion transactions on, as a board kept it before the
    // database was restored. (A thousand on, as it was, the cluster's other test databases passed it under load.)
    const [norwalk] = await platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
    const beyond = platform.gateway.events.cursors.seal(norwalk!.id, eventPlace(platform, norwalk!.id, paymentFeedHead) + 1_000_000_000n * 2n ** 64n);
    const socket = staff.openSocket();
    try {
      const refused = await socket.subscribe(subscription, { after: beyond }).next();
      expect(refused?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    } finally {
      await socket.close();
    }
  });

  it('the head itself is taken: the next payment reaches the board', async () => {
    const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    await guestPays();
    const { paymentFeedHead } = await staff.data<{ paymentFeedHead: string }>('{ paymentFeedHead }');
    const socket = staff.openSocket();
    try {
      const feed = socket.subscribe<{ paymentFeed: { paymentId: string } }>('subscription Feed($after: String) { paymentFeed(after: $after) { paymentId } }', { after: paymentFeedHead });
      const paid = await guestPays();
      // The head is the last event already final: the earlier payment's last may still come first.
      const seen: string[] = [];
      while (!seen.includes(paid.payment!.id) && !seen.includes('nothing within 5 s')) seen.push((await feed.next(5_000))?.data?.paymentFeed.paymentId ?? 'nothing within 5 s');
      expect(seen).toContain(paid.payment!.id);
    } finally {
      await socket.close();
    }
  });
});
