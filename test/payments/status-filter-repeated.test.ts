import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { cardToken, newKey, pay } from '../payments/payments-api';

/*
 * A staff page of payments filtered by status. The filter is a list of an
 * enum with eleven values, and it was passed as sent, however long, into
 * `p.status IN (:...statuses)`: one bind parameter an item. At 65,536 items
 * node-postgres' 16-bit parameter count wraps, PostgreSQL refuses the
 * statement with a protocol violation (SQLSTATE 08P01), and the gateway took
 * that class-08 code for a database outage: HTTP 503, Retry-After: 5,
 * SERVICE_UNAVAILABLE ("briefly unavailable, try again"), logged as
 * "database unavailable". A client that believes it retries for ever; an
 * alert on 503s fires for a request that was simply odd. The same statuses,
 * once each, are the same filter, so the page is the same; the list now
 * reaches SQL as one array parameter, repeats dropped, and a statement the
 * database refuses is no outage (test/gateway/database-outage.test.ts).
 */

const PAGE = 'query Page($statuses: [PaymentStatus!]) { payments(first: 10, filter: { statuses: $statuses }) { edges { node { id status } } } }';

let platform: TestPlatform;
let admin: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  const made = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }],
    token: await cardToken(platform),
    payerEmail: 'filter@example.com',
  });
  expect(made.payment).not.toBeNull();
});
afterAll(() => platform.close());

const outageWarnings = () => platform.logLines().filter((line) => line.includes('database unavailable'));

describe('payments(filter: { statuses }) with the statuses repeated', () => {
  it('65,536 repeats of POSTED and PENDING answer as the two statuses do: 200 with the same page, not a 503 "database unavailable"', async () => {
    const once = await admin.request(PAGE, { statuses: ['POSTED', 'PENDING'] });
    expect(once.status).toBe(200);
    expect(once.errors).toBeUndefined();
    const warningsBefore = outageWarnings().length;

    const repeated = await admin.request(PAGE, { statuses: Array.from({ length: 65_536 }, (_, i) => (i % 2 === 0 ? 'POSTED' : 'PENDING')) });

    expect({ status: repeated.status, retryAfter: repeated.headers.get('retry-after'), errors: repeated.errors?.map((error) => error.extensions?.code) }).toEqual({
      status: 200,
      retryAfter: null,
      errors: undefined,
    });
    expect(repeated.data).toEqual(once.data);
    expect(outageWarnings().slice(warningsBefore)).toEqual([]);
  });

  it('an error the client caused is never answered SERVICE_UNAVAILABLE, however long the list (100,000 items, well under MAX_REQUEST_BYTES)', async () => {
    const answer = await admin.request(PAGE, { statuses: Array.from({ length: 100_000 }, () => 'REFUNDED') });
    expect(answer.status).not.toBe(503);
    expect(answer.errors?.map((error) => error.extensions?.code) ?? []).not.toContain('SERVICE_UNAVAILABLE');
  });
});
