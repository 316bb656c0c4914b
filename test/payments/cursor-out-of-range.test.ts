import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff, withCursorKey } from '../billing/billing-api';
import { bearer, registerCustomer } from '../customers/customer-api';
import { cardToken, newKey, pay } from './payments-api';

/*
 * Lists take back only cursors they gave out: anything else is BAD_USER_INPUT
 * (reason INVALID_CURSOR), "never reaches SQL as junk" (packages/api cursor.ts).
 * A cursor whose timestamp JavaScript reads but PostgreSQL cannot hold
 * (before 4713 BC) reaches SQL and fails as an internal error.
 */

let platform: TestPlatform;
let staff: GraphQLTestClient;
let resident: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'cursor@example.com' });
  resident = bearer(platform.client.asTenant('norwalk'), session);
  await pay(resident, { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }], token: await cardToken(platform), payerEmail: 'cursor@example.com' });
});
afterAll(() => platform.close());

// A cursor of the list, rewritten to hold a date JavaScript can represent and PostgreSQL cannot.
const forged = (given: string) => withCursorKey(given, ['-271821-04-20T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']);
const STAFF_LIST = 'query($after: String) { payments(first: 5, after: $after) { edges { cursor } } }';
const OWN_LIST = 'query($after: String) { viewer { payments(first: 5, after: $after) { edges { cursor } } } }';

it('staff payments: a forged cursor with a date PostgreSQL cannot hold is refused as a bad cursor, not an internal error', async () => {
  const given = (await staff.data<{ payments: { edges: { cursor: string }[] } }>(STAFF_LIST)).payments.edges[0]!.cursor;
  const answer = await staff.request(STAFF_LIST, { after: forged(given) });
  expect(answer.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' })]);
});

it("a resident's own payments: such a cursor is refused the same way", async () => {
  const given = (await resident.data<{ viewer: { payments: { edges: { cursor: string }[] } } }>(OWN_LIST)).viewer.payments.edges[0]!.cursor;
  const answer = await resident.request(OWN_LIST, { after: forged(given) });
  expect(answer.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' })]);
});
