import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';

/*
 * One error vocabulary: every list that takes back a cursor refuses one it did not give out as
 * BAD_USER_INPUT with `reason: INVALID_CURSOR` (README: serviceAccounts, ledger, auditLog, autopayRuns...),
 * so a client has one branch for "start again from the beginning". The live feeds take cursors too
 * (`paymentFeed(after)`, `restorationRequests(after)`), and a board that kept a corrupted cursor must be able
 * to tell the same refusal from any other bad input, as it can on the lists.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

describe('a cursor the feed did not give out', () => {
  it.each([
    ['paymentFeed', 'subscription Feed($after: String) { paymentFeed(after: $after) { cursor } }'],
    ['restorationRequests', 'subscription Requests($after: String) { restorationRequests(after: $after) { cursor } }'],
  ])('%s refuses it as the lists do: BAD_USER_INPUT, reason INVALID_CURSOR', async (_name, subscription) => {
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
