import { randomUUID } from 'node:crypto';
import { signAccessToken } from '@platform/auth';
import type { PlatformEvent } from '@platform/api';
import { appUrl, createDataSource, withClient, withTenant } from '@platform/db';
import { appendEvent, type EventKind } from '@platform/events';
import { createPaymentsModule } from '@platform/payments';
import { createHttpProcessor } from '@platform/processor';
import { FixedClock, TEST_PROCESSOR_SECRET_KEY, TEST_SESSION_SETTINGS, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { bearer, eventPlace, registerCustomer, lastFinalCursor, tenantRows } from '../customers/customer-api';
import { REFUND, cardToken, newKey, pay } from '../payments/payments-api';

// 10:00 in Norwalk on 2026-11-23; sessions last 15 minutes of this clock.
const NOW = new Date('2026-11-23T18:00:00Z');
const clock = new FixedClock(NOW);
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
});
afterAll(() => platform.close());

const FEED = `subscription Feed($after: String, $filter: PaymentFeedFilter) {
  paymentFeed(after: $after, filter: $filter) { cursor type status statusLabel paymentId confirmationNumber total { amount } payment { status history { toStatus } } method { kind brand last4 } madeAt maskedAccountNumbers }
}`;
const UPDATED = `subscription Updated($paymentId: UUID, $confirmationNumber: String, $receiptToken: String) {
  paymentUpdated(paymentId: $paymentId, confirmationNumber: $confirmationNumber, receiptToken: $receiptToken) { cursor status paymentId }
}`;
type FeedEvent = {
  paymentFeed: {
    cursor: string;
    type: string;
    status: string;
    statusLabel: string;
    paymentId: string;
    confirmationNumber: string;
    payment: { status: string; history: { toStatus: string }[] } | null;
    method: { kind: string; brand: string | null; last4: string } | null;
    madeAt: string | null;
    maskedAccountNumbers: string[] | null;
  };
};
type UpdatedEvent = { paymentUpdated: { cursor: string; status: string; paymentId: string } };

const guestPays = async (client: GraphQLTestClient, amount = '2.00') =>
  pay(client.asTenant('norwalk'), { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1001-00', amount }], token: await cardToken(platform), payerEmail: 'live@example.com' });

/**
 * A real staff session with an access token for it that lives `ttlSeconds` of
 * the test's clock. A socket that must outlive `postDuePayments` needs one
 * longer than that jump: the server may ask for its next event while the clock
 * stands on the posting day, and a 15-minute token would have expired then.
 */
async function signInStaffFor(ttlSeconds: number, slug: string, role: 'ADMIN' | 'SUPPORT'): Promise<GraphQLTestClient> {
  await signInStaff(platform, slug, role);
  const [session] = await tenantRows<{ id: string; user_id: string; tenant_id: string }>(platform, slug, 'SELECT id, user_id, tenant_id FROM sessions ORDER BY created_at DESC LIMIT 1');
  const token = await signAccessToken({ tenantId: session!.tenant_id, userId: session!.user_id, sessionId: session!.id, roles: [role] }, { ...TEST_SESSION_SETTINGS, now: clock.now(), ttlSeconds });
  return platform.client.asTenant(slug).withHeaders({ authorization: `Bearer ${token}` });
}
const TWO_DAYS = 2 * 24 * 3600;

/** Runs the posting job on the payment's posting day, then comes back to NOW. */
async function postDuePayments(): Promise<void> {
  clock.set(new Date('2026-11-24T18:00:00Z'));
  try {
    await platform.runJob('payments.post');
  } finally {
    clock.set(NOW);
  }
}

describe('staff watch payments live, across gateway instances', () => {
  it('a payment made through instance B reaches a subscriber on instance A, in order; Norman staff see none of it', async () => {
    const instanceB = await platform.startAnotherGateway();
    const norwalkStaff = await signInStaffFor(TWO_DAYS, 'norwalk', 'SUPPORT');
    const normanStaff = await signInStaffFor(TWO_DAYS, 'norman', 'SUPPORT');
    const [{ id: norwalkId }] = await platform.db.query<[{ id: string }]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
    const norwalkSocket = norwalkStaff.openSocket();
    const normanSocket = normanStaff.openSocket();
    try {
      const norwalkFeed = norwalkSocket.subscribe<FeedEvent>(FEED, { after: await lastFinalCursor(platform, 'norwalk') });
      const normanFeed = normanSocket.subscribe<FeedEvent>(FEED, { after: await lastFinalCursor(platform, 'norman') });
      const result = await guestPays(instanceB.client);
      expect(result.payment?.status).toBe('CAPTURED');
      const events = (await norwalkFeed.take(2)).map((e) => e.paymentFeed);
      await postDuePayments();
      events.push((await norwalkFeed.take(1))[0]!.paymentFeed);

      expect(events.map((e) => [e.status, e.statusLabel, e.type, e.paymentId])).toEqual([
        ['PENDING', 'Pending', 'payment.pending', result.payment!.id],
        ['CAPTURED', 'Paid', 'payment.captured', result.payment!.id],
        ['POSTED', 'Posted', 'payment.posted', result.payment!.id],
      ]);
      // `payment` is the payment as it is when each event is delivered, not as an earlier event of this subscription found
      // it: its history too (found by review: the history as the first event loaded it).
      expect(events[2]!.payment).toEqual({ status: 'POSTED', history: ['PENDING', 'CAPTURED', 'POSTED'].map((toStatus) => ({ toStatus })) });
      // What a board row shows rides on the events themselves: the method and time on each, the accounts (masked) on the first.
      expect(events.map((e) => [e.method, e.madeAt, e.maskedAccountNumbers])).toEqual([
        [{ kind: 'CARD', brand: 'VISA', last4: '4242' }, NOW.toISOString(), ['**-**01-00']],
        [{ kind: 'CARD', brand: 'VISA', last4: '4242' }, NOW.toISOString(), null],
        [{ kind: 'CARD', brand: 'VISA', last4: '4242' }, NOW.toISOString(), null],
      ]);
      const places = events.map((e) => eventPlace(platform, norwalkId, e.cursor));
      expect(places).toEqual([...places].sort((a, b) => (a < b ? -1 : 1)));
      expect(await normanFeed.countWithin(300)).toBe(0);
    } finally {
      await norwalkSocket.close();
      await normanSocket.close();
      await instanceB.close();
    }
  });

  it("tells staff the cursor of their city's latest payment event, so a board replaying the feed knows when it has caught up", async () => {
    const HEAD = '{ paymentFeedHead }';
    const norwalkStaff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    const normanStaff = await signInStaff(platform, 'norman', 'SUPPORT');
    const normanBefore = (await normanStaff.data<{ paymentFeedHead: string | null }>(HEAD)).paymentFeedHead;
    const socket = norwalkStaff.openSocket();
    try {
      const feed = socket.subscribe<FeedEvent>(FEED, { after: await lastFinalCursor(platform, 'norwalk') });
      await guestPays(platform.client);
      const [, captured] = await feed.take(2);
      expect((await norwalkStaff.data<{ paymentFeedHead: string | null }>(HEAD)).paymentFeedHead).toBe(captured!.paymentFeed.cursor);
      expect((await normanStaff.data<{ paymentFeedHead: string | null }>(HEAD)).paymentFeedHead).toBe(normanBefore);
      const guest = await platform.client.asTenant('norwalk').request(HEAD);
      expect(guest.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await socket.close();
    }
  });

  it('resumes by cursor: exactly the events missed while away, then live ones', async () => {
    const staff = await signInStaff(platform, 'norwalk', 'ADMIN');
    const captured = { statuses: ['CAPTURED'] };
    let socket = staff.openSocket();
    const first = socket.subscribe<FeedEvent>(FEED, { after: await lastFinalCursor(platform, 'norwalk'), filter: captured });
    const before = await guestPays(platform.client);
    const [seen] = await first.take(1);
    expect(seen!.paymentFeed.paymentId).toBe(before.payment!.id);
    await socket.close();

    // Away: three payments happen.
    const missed = [];
    for (let i = 0; i < 3; i++) missed.push((await guestPays(platform.client)).payment!.id);

    socket = staff.openSocket();
    try {
      const resumed = socket.subscribe<FeedEvent>(FEED, { after: seen!.paymentFeed.cursor, filter: captured });
      expect((await resumed.take(3)).map((e) => e.paymentFeed.paymentId)).toEqual(missed);
      const live = await guestPays(platform.client);
      expect((await resumed.take(1))[0]!.paymentFeed.paymentId).toBe(live.payment!.id);
      expect(await resumed.countWithin(300)).toBe(0);
    } finally {
      await socket.close();
    }
  });

  it('loses nothing when the LISTEN connection is killed', async () => {
    const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    const socket = staff.openSocket();
    try {
      const feed = socket.subscribe<FeedEvent>(FEED, { after: await lastFinalCursor(platform, 'norwalk'), filter: { statuses: ['CAPTURED'] } });
      const url = new URL(platform.settings.adminUrl);
      url.pathname = `/${platform.settings.databaseName}`;
      const killed = await withClient(
        url.toString(),
        async (admin) =>
          (await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'platform-events' AND datname = $1`, [platform.settings.databaseName])).rowCount,
      );
      expect(killed).toBeGreaterThanOrEqual(1);
      const paid = [(await guestPays(platform.client)).payment!.id, (await guestPays(platform.client)).payment!.id];
      expect((await feed.take(2, 10_000)).map((e) => e.paymentFeed.paymentId)).toEqual(paid);
    } finally {
      await socket.close();
    }
  });

  it('ends a subscription when its access token expires', async () => {
    const socket = (await signInStaffFor(1, 'norwalk', 'SUPPORT')).openSocket();
    try {
      const feed = socket.subscribe<FeedEvent>(FEED, { after: null });
      const ended = await feed.next(5000);
      expect(ended?.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
    } finally {
      await socket.close();
    }
  });

  it('is for staff only', async () => {
    const socket = platform.client.asTenant('norwalk').openSocket();
    try {
      const refused = await socket.subscribe<FeedEvent>(FEED, { after: null }).next();
      expect(refused?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await socket.close();
    }
  });
});

describe('a payer follows their own payment', () => {
  it('a guest with the receipt token sees it from PENDING to POSTED; without it, nothing', async () => {
    const result = await guestPays(platform.client);
    const { confirmationNumber } = result.payment!;
    const socket = platform.client.asTenant('norwalk').openSocket();
    try {
      const mine = socket.subscribe<UpdatedEvent>(UPDATED, { confirmationNumber, receiptToken: result.receiptToken });
      expect((await mine.take(2)).map((e) => e.paymentUpdated.status)).toEqual(['PENDING', 'CAPTURED']);
      await postDuePayments();
      expect((await mine.take(1))[0]!.paymentUpdated.status).toBe('POSTED');

      for (const variables of [
        { confirmationNumber, receiptToken: 'not-the-receipt-token' },
        { paymentId: result.payment!.id },
        { confirmationNumber: 'AAAA-BBBB-CCCC', receiptToken: result.receiptToken },
      ]) {
        const refused = await socket.subscribe<UpdatedEvent>(UPDATED, variables).next();
        expect(refused?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
    } finally {
      await socket.close();
    }
  });
});

/*
 * Found by the live-events attacker: a guest page (or a city's own front end) that kept the payment's id from
 * makePayment and sent it beside the confirmation number and receipt token was told "No such payment." about the
 * payment it had just proved: the id alone was looked at, and a guest may not follow by id. The receipt proof is
 * what lets anyone follow; an id sent with it must be that payment's.
 */
describe('a payer who sends the payment id with the receipt proof', () => {
  it("follows the payment, signed in or not; an id that is not the receipt's payment is refused at paymentId (BAD_USER_INPUT)", async () => {
    const result = await guestPays(platform.client);
    const other = await guestPays(platform.client);
    const { id, confirmationNumber } = result.payment!;
    const stranger = bearer(platform.client.asTenant('norwalk'), (await registerCustomer(platform.client.asTenant('norwalk'), { email: 'receipt-holder@example.com' })).session);
    const guestSocket = platform.client.asTenant('norwalk').openSocket();
    const signedInSocket = stranger.openSocket();
    try {
      for (const socket of [guestSocket, signedInSocket]) {
        const followed = socket.subscribe<UpdatedEvent>(UPDATED, { paymentId: id, confirmationNumber, receiptToken: result.receiptToken });
        expect((await followed.take(2)).map((e) => [e.paymentUpdated.paymentId, e.paymentUpdated.status])).toEqual([
          [id, 'PENDING'],
          [id, 'CAPTURED'],
        ]);
        await followed.stop();
      }

      const mismatched = await guestSocket.subscribe<UpdatedEvent>(UPDATED, { paymentId: other.payment!.id, confirmationNumber, receiptToken: result.receiptToken }).next();
      expect(mismatched?.data ?? null).toBeNull();
      expect(mismatched?.errors?.map((e) => [e.message, e.extensions])).toEqual([
        ["The payment id is not that of this confirmation number's payment. Send that payment's id, or none.", { code: 'BAD_USER_INPUT', reason: 'PAYMENT_ID_MISMATCH', field: 'paymentId' }],
      ]);
    } finally {
      await guestSocket.close();
      await signedInSocket.close();
    }
  });
});

/*
 * Found by the refunds attacker: only a refund that changed the payment's
 * status wrote an event, so a second partial refund (or one of the fee alone)
 * moved money back unheard: the payer's receipt page and the staff board's
 * drawer, which follow events, kept showing the first refund. Each refund the
 * processor carries out is an event, as a processor sends one for each.
 */
describe('refunds', () => {
  it('each refund carried out is an event of the payment, the second partial refund too, which the payer following it and the staff feed hear of', async () => {
    const result = await guestPays(platform.client, '50.00');
    const { id: paymentId, confirmationNumber } = result.payment!;
    const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    const refund = async (amount: string) => {
      const { refundPayment } = await staff.data<{ refundPayment: { payment: { status: string; refunded: { amount: string } } | null } }>(REFUND, {
        input: { paymentId, amount, reason: 'Overcharged', idempotencyKey: newKey('rf') },
      });
      return refundPayment.payment;
    };
    // The head, once what is committed so far is final: a transaction still running elsewhere can hold it back a moment.
    const head = async () => {
      await lastFinalCursor(platform, 'norwalk');
      return (await staff.data<{ paymentFeedHead: string }>('{ paymentFeedHead }')).paymentFeedHead;
    };
    expect(await refund('10.00')).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: { amount: '10.00' } });
    const afterFirst = await head();
    expect(await refund('10.00')).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: { amount: '20.00' } });
    expect(await head()).not.toBe(afterFirst);

    const socket = platform.client.asTenant('norwalk').openSocket();
    try {
      const mine = socket.subscribe<UpdatedEvent>(UPDATED, { confirmationNumber, receiptToken: result.receiptToken });
      expect((await mine.take(5)).map((e) => e.paymentUpdated.status)).toEqual(['PENDING', 'CAPTURED', 'POSTED', 'PARTIALLY_REFUNDED', 'PARTIALLY_REFUNDED']);
    } finally {
      await socket.close();
    }
  });
});

describe('receipt keys', () => {
  it('are the ones its own payments module was built with, whatever other modules the process builds after it', async () => {
    // A second gateway (or the schema printer) in the same process builds its own payments module, under another key.
    createPaymentsModule({
      processor: createHttpProcessor({ baseUrl: platform.processorUrl, secretKey: TEST_PROCESSOR_SECRET_KEY, timeoutMs: 1000 }),
      tokenizeUrl: `${platform.processorUrl}/v1/tokens`,
      hostedFieldsUrl: `${platform.processorUrl}/v1/hosted-fields`,
      receiptSecret: new TextEncoder().encode('another-gateway-receipt-key-0123456789'),
    });
    const result = await guestPays(platform.client);
    const socket = platform.client.asTenant('norwalk').openSocket();
    try {
      const mine = socket.subscribe<UpdatedEvent>(UPDATED, { confirmationNumber: result.payment!.confirmationNumber, receiptToken: result.receiptToken });
      expect((await mine.take(2)).map((e) => e.paymentUpdated.status)).toEqual(['PENDING', 'CAPTURED']);
    } finally {
      await socket.close();
    }
  });
});

describe('restoration requests', () => {
  type RequestEvent = {
    restorationRequests: {
      accountNumber: string;
      from: string;
      to: string;
      reason: string;
      paymentId: string | null;
      approvable: boolean;
      payment: { confirmationNumber: string; status: string } | null;
    };
  };
  const REQUESTS = 'subscription R($after: String) { restorationRequests(after: $after) { cursor accountNumber from to reason paymentId approvable payment { confirmationNumber status } } }';

  it('staff see a request open the moment a disconnected account is paid in full, become approvable when its payment posts, and close on approval', async () => {
    const staff = await signInStaffFor(TWO_DAYS, 'norwalk', 'SUPPORT');
    const socket = staff.openSocket();
    try {
      const requests = socket.subscribe<RequestEvent>(REQUESTS, { after: await lastFinalCursor(platform, 'norwalk') });
      const paid = await pay(platform.client.asTenant('norwalk'), {
        idempotencyKey: newKey(),
        allocations: [{ accountNumber: '10-1003-00', amount: '346.55' }],
        token: await cardToken(platform),
        payerEmail: 'restore@example.com',
      });
      expect(paid.userErrors).toEqual([]);
      const { id: paymentId, confirmationNumber } = paid.payment!;
      // The page shows which payment opened the request and that it cannot be approved yet.
      expect((await requests.take(1))[0]!.restorationRequests).toEqual({
        cursor: expect.any(String),
        accountNumber: '10-1003-00',
        from: 'DISCONNECTED',
        to: 'RESTORATION_PENDING',
        reason: 'PAID_IN_FULL',
        paymentId,
        approvable: false,
        payment: { confirmationNumber, status: 'CAPTURED' },
      });
      // The payment had its own events on the same feed: none of them may break it.
      expect(platform.logLines().filter((line) => line.includes('could not read new events'))).toEqual([]);

      await postDuePayments();
      expect((await requests.take(1))[0]!.restorationRequests).toMatchObject({
        to: 'RESTORATION_PENDING',
        reason: 'PAYMENT_POSTED',
        paymentId,
        approvable: true,
        payment: { confirmationNumber, status: 'POSTED' },
      });

      const approved = await staff.data<{ approveRestoration: { userErrors: unknown[] } }>('mutation A($id: UUID!) { approveRestoration(serviceAccountId: $id) { userErrors { code } } }', {
        id: (await tenantRows<{ id: string }>(platform, 'norwalk', "SELECT id FROM service_accounts WHERE account_number = '10-1003-00'"))[0]!.id,
      });
      expect(approved.approveRestoration.userErrors).toEqual([]);
      expect((await requests.take(1))[0]!.restorationRequests).toMatchObject({ from: 'RESTORATION_PENDING', to: 'ACTIVE', reason: 'RESTORATION_APPROVED', paymentId: null, payment: null });
    } finally {
      await socket.close();
    }
  });
});

describe('a signed-in payer', () => {
  it('follows their own payment by id, and not anyone else’s', async () => {
    const owner = bearer(platform.client.asTenant('norwalk'), (await registerCustomer(platform.client.asTenant('norwalk'), { email: 'follower@example.com' })).session);
    const stranger = bearer(platform.client.asTenant('norwalk'), (await registerCustomer(platform.client.asTenant('norwalk'), { email: 'stranger@example.com' })).session);
    const result = await pay(owner, { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1004-00', amount: '3.00' }], token: await cardToken(platform) });
    const ownSocket = owner.openSocket();
    const strangerSocket = stranger.openSocket();
    try {
      const mine = ownSocket.subscribe<UpdatedEvent>(UPDATED, { paymentId: result.payment!.id });
      expect((await mine.take(2)).map((e) => e.paymentUpdated.status)).toEqual(['PENDING', 'CAPTURED']);
      const theirs = await strangerSocket.subscribe<UpdatedEvent>(UPDATED, { paymentId: result.payment!.id }).next();
      expect(theirs?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    } finally {
      await ownSocket.close();
      await strangerSocket.close();
    }
  });
});

/** A promise and the function that settles it. */
function gate(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

describe('the event hub', () => {
  it('ends a subscriber whose filter throws, and keeps feeding the others', async () => {
    const [tenant] = await platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
    const after = await lastFinalCursor(platform, 'norwalk');
    const broken = platform.gateway.events.follow(tenant!.id, {
      from: { after },
      typePrefixes: [],
      accept: () => {
        throw new Error('a filter with a bug');
      },
      onOverflow: () => undefined,
    });
    const healthy = platform.gateway.events.follow(tenant!.id, { from: { after }, typePrefixes: ['payment.'], onOverflow: () => undefined });
    const brokenEnds = broken.next().then(
      () => 'ended quietly',
      (error: Error) => error.message,
    );
    const paid = await guestPays(platform.client);
    const first = await healthy.next();
    expect(first.done ? null : first.value).toMatchObject({ type: 'payment.pending', subjectId: paid.payment!.id });
    expect(await brokenEnds).toBe('a filter with a bug');
    await healthy.return?.();
  });

  it('a subscriber gets all 50 events of 50 transactions of one city that commit out of cursor order, exactly once, in cursor order', async () => {
    const [tenant] = await platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
    const tenantId = tenant!.id;
    const ordered: EventKind<{ n: number }> = {
      typePrefix: 'test.',
      typeOf: () => 'test.ordered',
      encode: (payload) => payload,
      includes: (event) => event.type === 'test.ordered',
      read: (event) => event.payload as { n: number },
    };
    const live = platform.gateway.events.follow(tenantId, { from: 'NOW', typePrefixes: ['test.'], onOverflow: () => undefined });
    const resumed = platform.gateway.events.follow(tenantId, { from: { after: await lastFinalCursor(platform, 'norwalk') }, typePrefixes: ['test.'], onOverflow: () => undefined });
    const COUNT = 50;
    // Its own pool: all 50 transactions stay open at once.
    const db = await createDataSource({ url: appUrl(platform.settings), entities: [], poolSize: COUNT, applicationName: 'out-of-order-writers' }).initialize();
    // Each transaction takes its id (hence its cursor) at once, in start order, then waits for its turn to commit.
    const turns = Array.from({ length: COUNT }, () => gate());
    const started = Array.from({ length: COUNT }, () => gate());
    const committed: number[] = [];
    const transactions = Array.from({ length: COUNT }, async (_, n) => {
      await (n === 0 ? Promise.resolve() : started[n - 1]!.promise);
      await withTenant({ db, tenant: { id: tenantId } }, async (manager) => {
        await manager.query('SELECT pg_current_xact_id()');
        appendEvent(manager, tenantId, ordered, { subjectId: tenantId, payload: { n }, occurredAt: NOW });
        started[n]!.resolve();
        await turns[n]!.promise;
      });
      committed.push(n);
    });
    await started[COUNT - 1]!.promise;
    // Commit order: the odd ones last to first, then the even ones last to first; each waits for the one before it to commit.
    const commitOrder = [...Array.from({ length: COUNT / 2 }, (_, i) => COUNT - 1 - 2 * i), ...Array.from({ length: COUNT / 2 }, (_, i) => COUNT - 2 - 2 * i)];
    for (const n of commitOrder) {
      turns[n]!.resolve();
      while (!committed.includes(n)) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await Promise.all(transactions);
    expect(committed).toEqual(commitOrder);

    const take = async (feed: AsyncIterableIterator<PlatformEvent>) => {
      const got: PlatformEvent[] = [];
      while (got.length < COUNT) {
        const next = await feed.next();
        if (next.done) break;
        got.push(next.value);
      }
      return got;
    };
    const numbers = Array.from({ length: COUNT }, (_, n) => n);
    for (const feed of [live, resumed]) {
      const got = await take(feed);
      // Cursors follow the transactions' start (their ids), whatever order they committed in.
      expect(got.map((e) => ordered.read(e).n)).toEqual(numbers);
      expect(new Set(got.map((e) => e.cursor)).size).toBe(COUNT);
      const places = got.map((e) => eventPlace(platform, tenantId, e.cursor));
      expect(places).toEqual([...places].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    // And nothing more: no event comes twice.
    const extra = await Promise.race([live.next().then(() => 'another event'), new Promise((resolve) => setTimeout(() => resolve('none'), 300))]);
    expect(extra).toBe('none');
    await live.return?.();
    await resumed.return?.();
    await db.destroy();
  });
});

describe('a subscription whose event stream fails', () => {
  const REQUESTS = 'subscription R($after: String) { restorationRequests(after: $after) { cursor } }';

  it('tells the client only that it failed inside (INTERNAL_SERVER_ERROR), and logs why', async () => {
    const staff = await signInStaffFor(TWO_DAYS, 'norwalk', 'SUPPORT');
    const [tenant] = await platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
    // An account event whose payload is not an account event's (a writer's bug): the feed's filter cannot read it, and the stream throws.
    const unreadable: EventKind<{ internalNote: string }> = {
      typePrefix: 'account.',
      typeOf: () => 'account.disconnected',
      encode: (payload) => payload,
      includes: (event) => event.type === 'account.disconnected',
      read: (event) => event.payload as { internalNote: string },
    };
    const socket = staff.openSocket();
    try {
      const requests = socket.subscribe(REQUESTS, { after: await lastFinalCursor(platform, 'norwalk') });
      await withTenant({ db: platform.db, tenant: { id: tenant!.id } }, async (manager) =>
        appendEvent(manager, tenant!.id, unreadable, { subjectId: randomUUID(), payload: { internalNote: 'from pg-primary-3' }, occurredAt: NOW }),
      );
      expect(await requests.next()).toEqual({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      const logged = platform.logLines().map((line) => JSON.parse(line) as { level: number; msg: string; err?: { message?: string } });
      expect(logged.filter((entry) => entry.msg === 'subscription error').map(({ level, err }) => [level, err?.message])).toEqual([[50, expect.stringMatching(/does not fit its kind/)]]);
    } finally {
      await socket.close();
    }
  });

  it('still tells a client whose variable does not fit its type what is wrong (BAD_USER_INPUT), and logs nothing', async () => {
    const socket = platform.client.asTenant('norwalk').openSocket();
    try {
      const [result] = await socket.collect(REQUESTS, { after: 12 }).catch((errors: { message: string; extensions?: { code?: string } }[]) => [{ errors }]);
      expect(result?.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
        ['Variable "$after" got invalid value 12; String cannot represent a non string value: 12', 'BAD_USER_INPUT'],
      ]);
      expect(platform.logLines().filter((line) => line.includes('String cannot represent'))).toEqual([]);
    } finally {
      await socket.close();
    }
  });
});
