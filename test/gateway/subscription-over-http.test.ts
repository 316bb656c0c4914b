import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';

/*
 * A subscription document POSTed to /graphql (not over graphql-ws) is a client's mistake: it must be refused
 * with a typed 4xx (as a GET of one is: 405 BAD_REQUEST), never run. Today Apollo executes it with execute(),
 * which calls the subscription field's per-event `resolve` with no event: the resolver throws a TypeError, the
 * client gets INTERNAL_SERVER_ERROR and an error-level log line with a stack is written, for anyone who asks.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const errorLines = () => platform.logLines().filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

describe('a subscription sent over HTTP POST', () => {
  it("a guest's paymentUpdated is refused as a bad request, not answered INTERNAL_SERVER_ERROR, and logs no error", async () => {
    const before = errorLines().length;
    const answer = await platform.client.asTenant('norwalk').request('subscription Follow { paymentUpdated(confirmationNumber: "ABC234", receiptToken: "x") { cursor status } }');
    expect({ status: answer.status, codes: answer.errors?.map((error) => error.extensions?.code) }).toEqual({ status: expect.any(Number), codes: ['BAD_REQUEST'] });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(errorLines().slice(before)).toEqual([]);
  });

  it("a staff member's paymentFeed and restorationRequests likewise", async () => {
    const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
    const before = errorLines().length;
    for (const document of ['subscription { paymentFeed { cursor } }', 'subscription { restorationRequests { cursor } }']) {
      const answer = await admin.request(document);
      expect([document, answer.errors?.map((error) => error.extensions?.code)]).toEqual([document, ['BAD_REQUEST']]);
    }
    expect(errorLines().slice(before)).toEqual([]);
  });
});
