import { CLOSE_SERVICE_RESTART } from '@platform/gateway';
import { GraphQLTestClient, startTestPlatform, type LiveSubscription, type TestPlatform } from '@platform/testkit';
import { eventPlace, lastFinalCursor } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { TEST_PLATFORM_SIGNING, eventually, staffOn, startGatewayProcess, startWorkerProcess, type PlatformProcess } from './platform-process';

/*
 * Issue 18 item 5: the production shape on real OS processes. Two gateway
 * processes (JOBS_ENABLED=false) and a worker process on one database, as
 * behind a load balancer: live events cross from one gateway to the other in
 * order; a gateway's SIGTERM closes its subscribers with 1012 and their resume
 * by cursor on the other loses and repeats nothing; rate limits count on both.
 */

// Staff tokens are signed here with the test platform's settings; every gateway checks them with the same.
const SHARED_SECRETS = { JOBS_ENABLED: 'false', ...TEST_PLATFORM_SIGNING };

let platform: TestPlatform;
let gatewayA: PlatformProcess;
let gatewayB: PlatformProcess;
let worker: PlatformProcess;
beforeAll(async () => {
  platform = await startTestPlatform();
  // Started side by side: each applies pending migrations under the same advisory lock.
  [gatewayA, gatewayB] = await Promise.all([startGatewayProcess(platform, SHARED_SECRETS), startGatewayProcess(platform, SHARED_SECRETS)]);
  worker = startWorkerProcess(platform, { LOG_LEVEL: 'info' });
}, 60_000);
afterAll(async () => {
  for (const child of [gatewayA, gatewayB, worker]) if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGTERM');
  await Promise.all([gatewayA, gatewayB, worker].map((child) => child.exited));
  await platform.close();
});

const FEED = `subscription Feed($after: String) { paymentFeed(after: $after) { cursor status paymentId } }`;
type FeedEvent = { paymentFeed: { cursor: string; status: string; paymentId: string } };

const client = (gateway: PlatformProcess) => new GraphQLTestClient(gateway.url!).asTenant('norwalk');

/** A guest pays $2 at Norwalk through `gateway`; returns the payment's id. */
async function guestPays(gateway: PlatformProcess, label: string): Promise<string> {
  const paid = await pay(client(gateway), {
    idempotencyKey: newKey(label),
    allocations: [{ accountNumber: '10-1001-00', amount: '2.00' }],
    token: await cardToken(platform),
    payerEmail: 'processes@example.com',
  });
  return paid.payment!.id;
}

/** Reads events until `done` says so (or the subscription ends), failing on an error. */
async function readUntil(feed: LiveSubscription<FeedEvent>, into: FeedEvent['paymentFeed'][], done: () => boolean, timeoutMs = 10_000): Promise<'done' | 'ended'> {
  while (!done()) {
    const result = await feed.next(timeoutMs);
    if (!result) return 'ended';
    if (result.errors?.length || !result.data) return 'ended';
    into.push(result.data.paymentFeed);
  }
  return 'done';
}

/** Each payment's statuses as the feed told them, in the order the payments were made. */
const statusesByPayment = (events: readonly FeedEvent['paymentFeed'][], payments: readonly string[]) =>
  payments.map((id) =>
    events
      .filter((event) => event.paymentId === id)
      .map((event) => event.status)
      .join('>'),
  );

/** Whether the events' places in Norwalk's feed (their cursors, as the gateways sealed them) only ever rise. */
async function strictlyIncreasing(events: readonly FeedEvent['paymentFeed'][]): Promise<boolean> {
  const [norwalk] = await platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
  const places = events.map((event) => eventPlace(platform, norwalk!.id, event.cursor));
  return places.every((place, i) => i === 0 || place > places[i - 1]!);
}

it('payments made through either gateway reach a staff subscriber on the other, in order', async () => {
  const from = await lastFinalCursor(platform, 'norwalk');
  const onB = (await staffOn(platform, gatewayB, 'SUPPORT')).openSocket();
  const onA = (await staffOn(platform, gatewayA, 'SUPPORT')).openSocket();
  const feedB = onB.subscribe<FeedEvent>(FEED, { after: from });
  const feedA = onA.subscribe<FeedEvent>(FEED, { after: from });
  const payments: string[] = [];
  for (let i = 0; i < 6; i++) payments.push(await guestPays(i % 2 === 0 ? gatewayA : gatewayB, `cross-${i}`));

  const seenOnB: FeedEvent['paymentFeed'][] = [];
  const seenOnA: FeedEvent['paymentFeed'][] = [];
  const captured = (events: FeedEvent['paymentFeed'][]) => () => statusesByPayment(events, payments).every((statuses) => statuses.endsWith('CAPTURED'));
  expect(await readUntil(feedB, seenOnB, captured(seenOnB))).toBe('done');
  expect(await readUntil(feedA, seenOnA, captured(seenOnA))).toBe('done');

  // Both subscribers saw the same events, in the order they were committed, each once.
  expect(seenOnB.map((event) => event.cursor)).toEqual(seenOnA.map((event) => event.cursor));
  expect(await strictlyIncreasing(seenOnB)).toBe(true);
  expect(statusesByPayment(seenOnB, payments)).toEqual(payments.map(() => 'PENDING>CAPTURED'));
  // The payments appear in the order they were made, whichever gateway took them.
  const firstSeen = [...new Set(seenOnB.map((event) => event.paymentId))];
  expect(firstSeen).toEqual(payments);
  await Promise.all([onA.close(), onB.close()]);
}, 60_000);

it('rate limits count attempts made on both gateways together', async () => {
  const LOOKUP = `mutation Lookup($input: LookupAccountInput!) { lookupAccount(input: $input) { account { serviceAccountId } userErrors { code } } }`;
  type Lookup = { lookupAccount: { account: unknown; userErrors: { code: string }[] } };
  const guest = (gateway: PlatformProcess) => new GraphQLTestClient(gateway.url!).asTenant('norman');
  // Norman asks for the last payment's amount: 5 wrong ones lock the account, on whichever gateway they were tried.
  for (let i = 0; i < 5; i++) {
    const attempt = await guest(i % 2 === 0 ? gatewayA : gatewayB).data<Lookup>(LOOKUP, { input: { accountNumber: '2001-0417', lastPaymentAmount: `1.0${i}` } });
    expect(attempt.lookupAccount.userErrors.map((error) => error.code)).toEqual(['VERIFICATION_FAILED']);
  }
  for (const gateway of [gatewayA, gatewayB]) {
    const locked = await guest(gateway).request<Lookup>(LOOKUP, { input: { accountNumber: '2001-0417', lastPaymentAmount: '100.65' } });
    expect(locked.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  }
  // Another account is not affected, on either.
  const other = await guest(gatewayB).data<Lookup>(LOOKUP, { input: { accountNumber: '2004-2650', lastPaymentAmount: '120.00' } });
  expect(other.lookupAccount.account).not.toBeNull();
});

it('SIGTERM to the gateway holding a subscriber: it closes with 1012, and the resume by cursor on the other gateway loses and repeats nothing', async () => {
  const from = await lastFinalCursor(platform, 'norwalk');
  const staffB = (await staffOn(platform, gatewayB, 'SUPPORT')).openSocket();
  const feedB = staffB.subscribe<FeedEvent>(FEED, { after: from });
  const seen: FeedEvent['paymentFeed'][] = [];
  const payments: string[] = [];

  // Guests keep paying through gateway A while B goes away.
  let paying = true;
  const payer = (async () => {
    for (let i = 0; paying || i < 6; i++) payments.push(await guestPays(gatewayA, `switch-${i}`));
  })();
  await eventually(
    () => payments.length,
    (n) => n >= 2,
    20_000,
  );
  await readUntil(feedB, seen, () => seen.length >= 2);
  gatewayB.child.kill('SIGTERM');
  // The subscriber reads what B still sends, until B closes the socket.
  expect(await readUntil(feedB, seen, () => false, 15_000)).toBe('ended');
  expect(staffB.closes.map((close) => close.code)).toEqual([CLOSE_SERVICE_RESTART]);
  expect(await gatewayB.exited).toEqual({ code: 0, signal: null });

  const beforeResume = seen.length;
  // It reconnects (to A, where the balancer sends it now) and resumes after the last cursor it saw.
  const resumedFrom = seen.at(-1)!.cursor;
  const staffA = (await staffOn(platform, gatewayA, 'SUPPORT')).openSocket();
  const feedA = staffA.subscribe<FeedEvent>(FEED, { after: resumedFrom });
  paying = false;
  await payer;
  const done = () => statusesByPayment(seen, payments).every((statuses) => statuses.endsWith('CAPTURED'));
  expect(await readUntil(feedA, seen, done)).toBe('done');

  expect(seen.length).toBeGreaterThan(beforeResume);
  expect(await strictlyIncreasing(seen)).toBe(true);
  expect(statusesByPayment(seen, payments)).toEqual(payments.map(() => 'PENDING>CAPTURED'));
  // Nothing else arrives: every event after `from` was seen exactly once, across the two gateways.
  expect(await feedA.countWithin(300)).toBe(0);
  await staffA.close();
}, 90_000);
