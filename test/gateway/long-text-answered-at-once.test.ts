import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer } from '../customers/customer-api';
import { SAVE_PREFERENCES } from '../notifications/notification-api';

/*
 * Text typed where a card number must never be kept (an email, a username, a
 * name, an account number, a sign-in identifier) is scanned for one, digit
 * group by digit group. The scan ran over whatever was sent, before any
 * length rule or rate limit: a body of a million one-digit groups ("1 1 1
 * ...", 2 MB, well under the request limit) held the gateway's one thread
 * for six to eleven seconds, for every city at once, and anyone could send
 * one to `login` or `lookupAccount` again and again (a rate limit refusing it
 * came after the scan). Text longer than the field can ever be is now
 * refused, or found to be nobody's, before it is scanned: the same answer as
 * before, at once.
 */

let platform: TestPlatform;
beforeAll(async () => {
  // Behind a proxy, so each request comes from an address of its own and no limit of another answers it.
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

/** A million digit groups: about 2 MB. */
const DIGIT_GROUPS = '1 '.repeat(1_000_000);
/** Ample for 2 MB to arrive and be parsed, however busy the machine; the scan took 5 s and more. */
const AT_ONCE_MS = 2_500;

let addresses = 0;
const stranger = (city: string): GraphQLTestClient => platform.client.asTenant(city).withHeaders({ 'x-forwarded-for': `203.0.113.${++addresses}` });

interface Payload {
  readonly userErrors: readonly { readonly field: readonly string[]; readonly code: string }[];
}

/** The mutation's payload and how long the answer took. */
async function answered(city: string, mutation: string, client = stranger(city)): Promise<{ payload: Payload; ms: number }> {
  const started = performance.now();
  const { data, errors } = await client.request<Record<string, Payload>>(mutation, { text: DIGIT_GROUPS });
  const ms = performance.now() - started;
  expect(errors).toBeUndefined();
  return { payload: Object.values(data ?? {})[0]!, ms };
}

const problems = (payload: Payload) => payload.userErrors.map((e) => [e.field.join('.'), e.code]);

it.each([
  [
    'a sign-in identifier',
    'norwalk',
    'mutation($text: String!) { login(input: { identifier: $text, password: "not the password" }) { userErrors { field code } } }',
    [['input', 'INVALID_CREDENTIALS']],
  ],
  ['an identifier asking for a reset', 'norwalk', 'mutation($text: String!) { requestPasswordReset(input: { identifier: $text }) { userErrors { field code } } }', []],
  [
    'an email to register',
    'norwalk',
    'mutation($text: String!) { register(input: { email: $text, password: "a long passphrase" }) { userErrors { field code } } }',
    [['input.email', 'INVALID_EMAIL']],
  ],
  [
    'a username to register',
    'norman',
    'mutation($text: String!) { register(input: { username: $text, name: "Pat Quinn", email: "pat.quinn@example.com", phone: "405-555-0142", password: "a long passphrase" }) { userErrors { field code } } }',
    [['input.username', 'INVALID_USERNAME']],
  ],
  [
    'a name to register',
    'norman',
    'mutation($text: String!) { register(input: { username: "pquinn", name: $text, email: "pat.quinn@example.com", phone: "405-555-0142", password: "a long passphrase" }) { userErrors { field code } } }',
    [['input.name', 'INVALID_NAME']],
  ],
  [
    'an account number to look up',
    'norwalk',
    'mutation($text: String!) { lookupAccount(input: { accountNumber: $text }) { userErrors { field code } } }',
    [['input.accountNumber', 'VERIFICATION_FAILED']],
  ],
])('%s two megabytes long is answered at once, as before', async (_what, city, mutation, expected) => {
  const { payload, ms } = await answered(city, mutation);
  expect(problems(payload)).toEqual(expected);
  expect(ms).toBeLessThan(AT_ONCE_MS);
});

it("a guest's receipt email two megabytes long is refused at once", async () => {
  const { payload, ms } = await answered(
    'norwalk',
    'mutation($text: String!) { makePayment(input: { idempotencyKey: "long-receipt-email", payerEmail: $text, token: "tok_not_a_token", allocations: [{ accountNumber: "10-1001-00", amount: "1.00" }] }) { userErrors { field code } } }',
  );
  expect(problems(payload)).toContainEqual(['input.payerEmail', 'INVALID_EMAIL']);
  expect(ms).toBeLessThan(AT_ONCE_MS);
});

it("a resident's mobile number two megabytes long is refused at once", async () => {
  const client = stranger('norwalk');
  const { session } = await registerCustomer(client, { email: 'long-mobile-number@example.com' });
  const mutation = SAVE_PREFERENCES.replace('$input: NotificationPreferencesInput!', '$text: String!').replace('(input: $input)', '(input: { smsOptIn: true, smsPhone: $text })');
  const { payload, ms } = await answered('norwalk', mutation, bearer(client, session));
  expect(problems(payload)).toEqual([['input.smsPhone', 'INVALID_PHONE']]);
  expect(ms).toBeLessThan(AT_ONCE_MS);
});
