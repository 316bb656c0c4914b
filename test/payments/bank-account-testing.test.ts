import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, serviceHouseNumber } from '../customers/customer-api';
import { MAKE_PAYMENT, bankToken, newKey } from './payments-api';

/*
 * Account testing, the bank-account twin of card testing: a list of routing and account numbers (a stolen payroll
 * file) run through the platform to learn which accounts exist. The processor's check of a bank account the city has
 * not seen answers exactly that, before any charge, so it is limited as declines are (5 per address, per account paid
 * or user, per method, per 15 minutes) and a "no such account" counts as one. Found by review: a signed-in resident
 * was told BANK_ACCOUNT_INVALID for every account of the list, without end, and the wallet asked the same check with
 * no limit at all.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

const SAVE = 'mutation Save($token: String!) { savePaymentMethod(token: $token) { paymentMethod { id } userErrors { code } } }';

/** A resident signed in from their own address, with Norwalk's 10-1001-00 linked. */
async function resident(address: string, email: string): Promise<{ me: GraphQLTestClient; accountId: string }> {
  const tenant = platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': address });
  const { session } = await registerCustomer(tenant, { email });
  const me = bearer(tenant, session);
  const { linkServiceAccount } = await me.data<{ linkServiceAccount: { serviceAccount: { id: string } } }>(
    'mutation Link($n: String!, $house: String!) { linkServiceAccount(input: { accountNumber: $n, serviceHouseNumber: $house }) { serviceAccount { id } } }',
    { n: '10-1001-00', house: await serviceHouseNumber(platform, 'norwalk', '10-1001-00') },
  );
  return { me, accountId: linkServiceAccount.serviceAccount.id };
}

/** The answer's codes: its userErrors', or the GraphQL errors' when the request was refused as a whole. */
async function codesOf<T>(
  request: Promise<{ data?: T | null; errors?: readonly { message: string; extensions?: unknown }[] }>,
  userErrors: (data: T) => readonly { code: string }[],
): Promise<string[]> {
  const response = await request;
  if (response.errors?.length) return response.errors.map((e) => String((e.extensions as { code?: string } | undefined)?.code ?? e.message));
  return userErrors(response.data!).map((e) => e.code);
}

/** Ten account numbers at the sandbox bank that it does not have (ending 0003: ACCOUNT_NOT_FOUND), each once. */
const unknownAccount = (list: number, i: number) => `00${list}${String(i).padStart(3, '0')}0003`;

it("refuses makePayment's bank check with RATE_LIMITED after five accounts the bank does not have", async () => {
  const { me, accountId } = await resident('203.0.113.77', 'account-tester@example.com');
  const answers: string[][] = [];
  for (let i = 0; i < 10; i++) {
    const token = await bankToken(platform, unknownAccount(91, i));
    answers.push(
      await codesOf(
        me.request<{ makePayment: { userErrors: { code: string }[] } }>(MAKE_PAYMENT, {
          input: { idempotencyKey: newKey('acct-test'), allocations: [{ serviceAccountId: accountId, amount: '1.00' }], token },
        }),
        (data) => data.makePayment.userErrors,
      ),
    );
  }
  expect(answers).toEqual([...Array<string[]>(5).fill(['BANK_ACCOUNT_INVALID']), ...Array<string[]>(5).fill(['RATE_LIMITED'])]);
});

it("refuses savePaymentMethod's bank check with RATE_LIMITED after five accounts the bank does not have", async () => {
  const { me } = await resident('203.0.113.78', 'wallet-tester@example.com');
  const answers: string[][] = [];
  for (let i = 0; i < 7; i++) {
    const token = await bankToken(platform, unknownAccount(92, i));
    answers.push(await codesOf(me.request<{ savePaymentMethod: { userErrors: { code: string }[] } }>(SAVE, { token }), (data) => data.savePaymentMethod.userErrors));
  }
  expect(answers).toEqual([...Array<string[]>(5).fill(['BANK_ACCOUNT_INVALID']), ...Array<string[]>(2).fill(['RATE_LIMITED'])]);
});

it('limits the wallet per user too: moving to another address does not reset what a user has tried', async () => {
  const tenant = (address: string) => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': address });
  const { session } = await registerCustomer(tenant('203.0.113.80'), { email: 'roaming-tester@example.com' });
  const answers: string[][] = [];
  for (let i = 0; i < 6; i++) {
    const me = bearer(tenant(`198.51.100.${10 + i}`), session);
    const token = await bankToken(platform, unknownAccount(93, i));
    answers.push(await codesOf(me.request<{ savePaymentMethod: { userErrors: { code: string }[] } }>(SAVE, { token }), (data) => data.savePaymentMethod.userErrors));
  }
  expect(answers).toEqual([...Array<string[]>(5).fill(['BANK_ACCOUNT_INVALID']), ['RATE_LIMITED']]);
});

it('answers one user no more than five bank checks in a burst from many addresses at once (found by review of the fix)', async () => {
  const tenant = (address: string) => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': address });
  const { session } = await registerCustomer(tenant('203.0.113.90'), { email: 'burst-tester@example.com' });
  const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => bankToken(platform, unknownAccount(94, i))));
  const answers = await Promise.all(
    tokens.map((token, i) =>
      codesOf(bearer(tenant(`198.51.100.${40 + i}`), session).request<{ savePaymentMethod: { userErrors: { code: string }[] } }>(SAVE, { token }), (data) => data.savePaymentMethod.userErrors),
    ),
  );
  // Each BANK_ACCOUNT_INVALID told the user an account does not exist: a place held per user before the bank is asked.
  const told = answers.filter((codes) => codes.join() === 'BANK_ACCOUNT_INVALID').length;
  expect({ told: told <= 5, others: answers.filter((codes) => codes.join() !== 'BANK_ACCOUNT_INVALID').every((codes) => codes.join() === 'RATE_LIMITED') }).toEqual({ told: true, others: true });
});
