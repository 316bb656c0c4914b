import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { bearer, registerCustomer } from '../customers/customer-api';

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
});
afterAll(() => platform.close());

// The shape of the payments lists' own cursors (base64url JSON of [made_at, id]), with a date JavaScript can represent.
const forged = Buffer.from(JSON.stringify(['-271821-04-20T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'])).toString('base64url');

it('staff payments: a forged cursor with a date PostgreSQL cannot hold is refused as a bad cursor, not an internal error', async () => {
  const answer = await staff.request('query($after: String) { payments(first: 5, after: $after) { edges { cursor } } }', { after: forged });
  expect(answer.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' })]);
});

it("a resident's own payments: the same cursor is refused the same way", async () => {
  const answer = await resident.request('query($after: String) { viewer { payments(first: 5, after: $after) { edges { cursor } } } }', { after: forged });
  expect(answer.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' })]);
});
