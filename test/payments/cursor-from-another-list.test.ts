import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { bearer, registerCustomer } from '../customers/customer-api';
import { cardToken, newKey, pay } from './payments-api';

/*
 * A list takes back only cursors it gave out (README): one another list gave
 * out, or the same list in another city or for another payer, is
 * BAD_USER_INPUT (reason INVALID_CURSOR), never read as a position in this
 * list, where it would quietly serve some other page.
 */
let platform: TestPlatform;
let norwalk: GraphQLTestClient;
let norman: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  norwalk = await signInStaff(platform, 'norwalk', 'ADMIN');
  norman = await signInStaff(platform, 'norman', 'ADMIN');
  for (let i = 0; i < 3; i++) {
    await pay(platform.client.asTenant('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }],
      token: await cardToken(platform),
      payerEmail: 'x@example.com',
    });
  }
});
afterAll(() => platform.close());

type Page = { edges: { cursor: string }[] };
const PAYMENTS = 'query P($after: String) { payments(first: 1, after: $after) { edges { cursor } } }';
const OWN_PAYMENTS = 'query O($after: String) { viewer { payments(first: 1, after: $after) { edges { cursor } } } }';
const AUDIT_LOG = 'query A($after: String) { auditLog(first: 1, after: $after) { edges { cursor } } }';
const BAD_CURSOR = { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' };

const paymentsCursor = async () => (await norwalk.data<{ payments: Page }>(PAYMENTS)).payments.edges[0]!.cursor;
const refusal = (answer: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => answer.errors?.[0]?.extensions ?? 'accepted';

describe('a cursor from another list', () => {
  it('is refused by the audit log when the payments list gave it out, which still takes it', async () => {
    const cursor = await paymentsCursor();
    expect(refusal(await norwalk.request(AUDIT_LOG, { after: cursor }))).toMatchObject(BAD_CURSOR);
    expect((await norwalk.request<{ payments: Page }>(PAYMENTS, { after: cursor })).data?.payments.edges).toHaveLength(1);
  });

  it('is refused by the payments list when the audit log gave it out, which still takes it', async () => {
    const cursor = (await norwalk.data<{ auditLog: Page }>(AUDIT_LOG)).auditLog.edges[0]!.cursor;
    expect(refusal(await norwalk.request(PAYMENTS, { after: cursor }))).toMatchObject(BAD_CURSOR);
    expect((await norwalk.request<{ auditLog: Page }>(AUDIT_LOG, { after: cursor })).errors).toBeUndefined();
  });

  it("is refused by a resident's own payments when the staff list gave it out", async () => {
    const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'own-list@example.com' });
    const resident = bearer(platform.client.asTenant('norwalk'), session);
    expect(refusal(await resident.request(OWN_PAYMENTS, { after: await paymentsCursor() }))).toMatchObject(BAD_CURSOR);
  });
});

describe('a cursor from another city', () => {
  it("is refused by Norman's payments list when Norwalk's gave it out", async () => {
    expect(refusal(await norman.request(PAYMENTS, { after: await paymentsCursor() }))).toMatchObject(BAD_CURSOR);
  });
});
