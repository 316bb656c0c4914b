import { isUuid } from '@platform/core';
import { FixedClock, TEST_METRICS_TOKEN, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { LOOKUP, signInStaff } from '../billing/billing-api';
import { knownCrontabs } from '../jobs/crontab';
import { queueMessage } from '../notifications/notification-api';
import { CARDS, cardToken, newKey, pay } from '../payments/payments-api';

/*
 * Issue 18 item 3: GET /metrics in Prometheus' text format, behind its own
 * token. The metrics registry is the test worker's, shared by the files it
 * runs one after another: counters are read as what they grew by during a
 * test, and gauges count what is open now, which is this file's alone (the
 * files before it closed their platforms).
 */

let platform: TestPlatform;
let base: string;
beforeAll(async () => {
  platform = await startTestPlatform({ jobs: true });
  base = platform.client.httpUrl.replace(/\/graphql$/, '');
});
afterAll(() => platform.close());

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The exposition format's sample lines (`name{a="1",b="2"} 3`), comments and types skipped; throws on a line it cannot read. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(from = base): Promise<Sample[]> {
  const response = await fetch(`${from}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

/** The value of the one sample with this name whose labels include `labels` (0 when there is none). */
function valueOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}

describe('GET /metrics', () => {
  it('answers only the metrics token: none or another gets 401, the operator key included', async () => {
    for (const authorization of [undefined, 'Bearer not-the-metrics-token', 'Bearer dev-operator-key-change-me', TEST_METRICS_TOKEN]) {
      const response = await fetch(`${base}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    }
  });

  it('after a guest payment shows it by city, channel, method and status, with the processor calls and the GraphQL operation that made it', async () => {
    const before = await scrape();
    const paid = await pay(platform.client.asTenant('norwalk'), {
      idempotencyKey: newKey('metrics'),
      allocations: [{ accountNumber: '10-1001-00', amount: '5.00' }],
      token: await cardToken(platform),
      payerEmail: 'metrics@example.com',
    });
    expect(paid.payment?.status).toBe('CAPTURED');
    const after = await scrape();
    const grew = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);

    expect(grew('payment_transitions_total', { city: 'norwalk', channel: 'WEB', method: 'CARD', status: 'PENDING' })).toBe(1);
    expect(grew('payment_transitions_total', { city: 'norwalk', channel: 'WEB', method: 'CARD', status: 'CAPTURED' })).toBe(1);
    expect(grew('payment_transitions_total', { city: 'norman', channel: 'WEB', method: 'CARD', status: 'CAPTURED' })).toBe(0);
    expect(grew('processor_calls_total', { call: 'charge', outcome: 'OK' })).toBe(1);
    expect(grew('processor_call_duration_seconds_count', { call: 'charge' })).toBe(1);
    expect(valueOf(after, 'processor_call_duration_seconds_sum', { call: 'charge' })).toBeGreaterThan(0);
    expect(grew('graphql_operations_total', { operation: 'mutation makePayment', transport: 'http', outcome: 'ok' })).toBe(1);
    expect(grew('graphql_operation_duration_seconds_count', { operation: 'mutation makePayment', transport: 'http' })).toBe(1);
    // Connections checked out, idle and waiting are always reported.
    expect(after.filter((sample) => sample.name === 'database_pool_connections').map((sample) => sample.labels.state)).toEqual(['in_use', 'idle', 'waiting']);
  });

  it('counts a declined charge by its outcome, and an operation that fails by its error code', async () => {
    const before = await scrape();
    const declined = await pay(platform.client.asTenant('norwalk'), {
      idempotencyKey: newKey('metrics-decline'),
      allocations: [{ accountNumber: '10-1001-00', amount: '5.00' }],
      token: await cardToken(platform, CARDS.genericDecline),
      payerEmail: 'metrics@example.com',
    });
    expect(declined.payment?.status).toBe('DECLINED');
    const unauthenticated = await platform.client.asTenant('norwalk').request('{ paymentFeedHead }');
    expect(unauthenticated.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const after = await scrape();
    const grew = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(grew('processor_calls_total', { call: 'charge', outcome: 'DECLINED' })).toBe(1);
    expect(grew('payment_transitions_total', { city: 'norwalk', channel: 'WEB', method: 'CARD', status: 'DECLINED' })).toBe(1);
    expect(grew('graphql_operations_total', { operation: 'query paymentFeedHead', transport: 'http', outcome: 'UNAUTHENTICATED' })).toBe(1);
  });

  it('counts job attempts, live subscriptions, how late events reach them, and rate-limit refusals', async () => {
    const before = await scrape();
    const guest = platform.client.asTenant('norwalk');
    const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    const socket = staff.openSocket();
    const guestSocket = guest.openSocket();
    try {
      // From the feed's head as it is now: the payment below can commit before the subscription is registered.
      const { paymentFeedHead } = await staff.data<{ paymentFeedHead: string | null }>('{ paymentFeedHead }');
      const feed = socket.subscribe<{ paymentFeed: { status: string } }>('subscription F($after: String) { paymentFeed(after: $after) { status } }', { after: paymentFeedHead ?? '0' });
      await platform.runJob('payments.post');
      await pay(guest, { idempotencyKey: newKey('metrics-live'), allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }], token: await cardToken(platform), payerEmail: 'm@example.com' });
      await feed.take(2);
      const during = await scrape();
      expect(valueOf(during, 'websocket_connections')).toBe(1);
      expect(valueOf(during, 'event_subscriptions')).toBe(1);
      // Operations over WebSocket are counted as HTTP's are: a query answered, one refused, one that does not validate, one that does not parse.
      expect(await guestSocket.collect('{ tenant { slug } }')).toEqual([{ data: { tenant: { slug: 'norwalk' } } }]);
      expect((await guestSocket.collect('{ paymentFeedHead }'))[0]?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      await expect(guestSocket.collect('{ noSuchField }')).rejects.toEqual([expect.objectContaining({ message: expect.stringContaining('noSuchField') })]);
      await expect(guestSocket.collect('{ tenant {')).rejects.toEqual([
        expect.objectContaining({ message: expect.stringContaining('Syntax Error'), locations: [{ line: 1, column: 11 }], extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
      ]);
    } finally {
      await socket.close();
      await guestSocket.close();
    }

    // Wrong account numbers from one address until the look-up limit refuses.
    let refused = 0;
    for (let i = 0; i < 25; i++) {
      const answer = await guest.request(LOOKUP, { input: { accountNumber: `99-${String(i).padStart(4, '0')}-00` } });
      if (answer.errors?.[0]?.extensions?.code === 'RATE_LIMITED') refused++;
    }
    expect(refused).toBeGreaterThan(0);

    const after = await scrape();
    const grew = (name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels);
    // Once: a test platform queues no schedule (payments.post's, at :05, had run beside this test's run).
    expect(grew('jobs_total', { task: 'payments.post', outcome: 'succeeded' })).toBe(1);
    expect(await knownCrontabs(platform)).toEqual([]);
    expect(grew('job_start_lag_seconds_count', { task: 'payments.post' })).toBe(1);
    expect(grew('event_delivery_lag_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(grew('rate_limit_refusals_total', { operation: 'mutation lookupAccount' })).toBe(refused);
    expect(grew('graphql_operations_total', { operation: 'mutation lookupAccount', transport: 'http', outcome: 'RATE_LIMITED' })).toBe(refused);
    expect(grew('graphql_operations_total', { operation: 'subscription paymentFeed', transport: 'websocket', outcome: 'ok' })).toBe(1);
    expect(grew('graphql_operation_duration_seconds_count', { operation: 'subscription paymentFeed', transport: 'websocket' })).toBe(1);
    expect(grew('graphql_operations_total', { operation: 'query tenant', transport: 'websocket', outcome: 'ok' })).toBe(1);
    expect(grew('graphql_operations_total', { operation: 'query paymentFeedHead', transport: 'websocket', outcome: 'UNAUTHENTICATED' })).toBe(1);
    expect(grew('graphql_operations_total', { operation: 'invalid', transport: 'websocket', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(grew('graphql_operations_total', { operation: 'invalid', transport: 'websocket', outcome: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
    // Bounded labels: never an id of a person, an account or a payment.
    const labelValues = after.flatMap((sample) => Object.values(sample.labels));
    expect(labelValues.filter((value) => isUuid(value) || /\d{2}-\d{4}-\d{2}/.test(value))).toEqual([]);
  });

  it("reports its own database's notification health, whatever other gateway runs in the same process", async () => {
    // A second platform started after this file's, in this process, on a database of its own with a Norman message
    // waiting an hour: its scrape tells of it, where it read the first gateway's database (tests run several).
    const other = await startTestPlatform({ clock: new FixedClock(new Date(Date.now() - 3_600_000)), demoDataAt: 'today' });
    try {
      await queueMessage(other, 'norman', { to: 'waiting@example.com' });
      const age = valueOf(await scrape(other.client.httpUrl.replace(/\/graphql$/, '')), 'notifications_oldest_pending_age_seconds', { city: 'norman' });
      expect(age).toBeGreaterThan(3000);
      expect(valueOf(await scrape(), 'notifications_oldest_pending_age_seconds', { city: 'norman' })).toBeLessThan(3000);
    } finally {
      await other.close();
    }
  });
});
