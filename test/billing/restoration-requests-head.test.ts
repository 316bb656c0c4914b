import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { amountDue, cardToken, newKey, pay } from '../payments/payments-api';
import { signInStaff } from './billing-api';

/*
 * The restoration queue page follows restorationRequests from the start and says a request is new when its event
 * comes after the one whose cursor restorationRequestsHead was when the page opened: the head must be the replay's
 * last event (cursors are opaque, so the page looks for that one), earlier than what happens next, and the city's own.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const HEAD = '{ restorationRequestsHead }';
const REQUESTS = 'subscription Q($after: String) { restorationRequests(after: $after) { cursor accountNumber to } }';
type RequestEvent = { restorationRequests: { cursor: string; accountNumber: string; to: string } };

it("tells staff the cursor of the latest event their city's restoration feed hands over: a request that opens afterwards is it, and neither a status change the feed leaves out nor another city's moves it", async () => {
  const norwalk = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const norman = await signInStaff(platform, 'norman', 'SUPPORT');
  const head = async (staff: typeof norwalk) => (await staff.data<{ restorationRequestsHead: string | null }>(HEAD)).restorationRequestsHead;
  const [before, normanBefore] = [await head(norwalk), await head(norman)];

  // Norwalk's disconnected demo account, paid in full by a guest: its restoration request opens.
  const account = { accountNumber: '10-1003-00' };
  const client = platform.client.asTenant('norwalk');
  const { due } = await amountDue(client, account);
  const paid = await pay(client, { idempotencyKey: newKey('head'), allocations: [{ ...account, amount: due }], token: await cardToken(platform), payerEmail: 'guest@example.com' });
  expect(paid.userErrors).toEqual([]);
  const socket = norwalk.openSocket();
  let opened: RequestEvent['restorationRequests'] | undefined;
  try {
    const events = await socket.collect<RequestEvent>(REQUESTS, { after: '0' }, 1);
    opened = events[0]?.data?.restorationRequests;
  } finally {
    await socket.close();
  }
  const after = await head(norwalk);
  // An account made eligible for disconnection changes status too, in an event the feed leaves out (no request): the
  // head stays the last event the feed hands over, the one a page sees, as cursors are opaque and never compared.
  const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  const { runDisconnectionSweep } = await admin.data<{ runDisconnectionSweep: { markedEligible: number } }>('mutation { runDisconnectionSweep { markedEligible } }');

  expect(opened).toMatchObject({ accountNumber: '10-1003-00', to: 'RESTORATION_PENDING' });
  expect(after).toBe(opened!.cursor);
  expect(before).not.toBe(after);
  expect(runDisconnectionSweep.markedEligible).toBeGreaterThan(0);
  expect(await head(norwalk)).toBe(after);
  expect(await head(norman)).toBe(normanBefore);
  const guest = await platform.client.asTenant('norwalk').request(HEAD);
  expect(guest.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});
