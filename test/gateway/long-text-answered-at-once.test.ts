import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
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
 * refused, or found to be nobody's, before it is scanned. What shows the
 * order, with no clock: text that holds a card number and is longer than
 * its field is refused as too long, not as a card number; a sign-in
 * identifier or account number longer than any is counted under no limit of
 * its own (a subject of a limit is scanned first). The time it saved (6-22 s
 * of the thread, then about 0.5 s) was measured, not asserted.
 */

let platform: TestPlatform;
beforeAll(async () => {
  // Behind a proxy, so each request comes from an address of its own and no limit of another answers it.
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

/** A million digit groups: about 2 MB, no card number in it. */
const DIGIT_GROUPS = '1 '.repeat(1_000_000);
/** The same, after a test card number: refused as a card number if scanned before its length is checked. */
const CARD_THEN_DIGIT_GROUPS = `4242 4242 4242 4242 ${DIGIT_GROUPS}`;

let addresses = 0;
const stranger = (city: string): GraphQLTestClient => platform.client.asTenant(city).withHeaders({ 'x-forwarded-for': `203.0.113.${++addresses}` });

interface Payload {
  readonly userErrors: readonly { readonly field: readonly string[]; readonly code: string }[];
}

async function answered(city: string, mutation: string, text: string, client = stranger(city)): Promise<Payload> {
  const { data, errors } = await client.request<Record<string, Payload>>(mutation, { text });
  expect(errors).toBeUndefined();
  return Object.values(data ?? {})[0]!;
}

const problems = (payload: Payload) => payload.userErrors.map((e) => [e.field.join('.'), e.code]);

/** The city's buckets of one limit rule (`name`): one per subject counted. */
const buckets = async (city: string, rule: string) =>
  (await tenantRows<{ n: number }>(platform, city, 'SELECT count(*)::int AS n FROM rate_limit_buckets WHERE bucket_key LIKE $1', [`${rule}:%`]))[0]!.n;

it.each([
  [
    'a sign-in identifier',
    'norwalk',
    'mutation($text: String!) { login(input: { identifier: $text, password: "not the password" }) { userErrors { field code } } }',
    [['input', 'INVALID_CREDENTIALS']],
    'login-account',
  ],
  ['an identifier asking for a reset', 'norwalk', 'mutation($text: String!) { requestPasswordReset(input: { identifier: $text }) { userErrors { field code } } }', [], 'reset-request-account'],
  [
    'an account number to look up',
    'norwalk',
    'mutation($text: String!) { lookupAccount(input: { accountNumber: $text }) { userErrors { field code } } }',
    [['input.accountNumber', 'VERIFICATION_FAILED']],
    'account-verify-account',
  ],
])("%s two megabytes long is nobody's: answered as before, counted under no limit of its own", async (_what, city, mutation, expected, rule) => {
  const before = await buckets(city, rule);
  expect(problems(await answered(city, mutation, DIGIT_GROUPS))).toEqual(expected);
  expect(await buckets(city, rule)).toBe(before);
});

it.each([
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
])('%s two megabytes long, a card number in it, is refused as too long before it is scanned', async (_what, city, mutation, expected) => {
  expect(problems(await answered(city, mutation, CARD_THEN_DIGIT_GROUPS))).toEqual(expected);
});

it("a guest's receipt email two megabytes long, a card number in it, is refused as no email before it is scanned", async () => {
  const payload = await answered(
    'norwalk',
    'mutation($text: String!) { makePayment(input: { idempotencyKey: "long-receipt-email", payerEmail: $text, token: "tok_not_a_token", allocations: [{ accountNumber: "10-1001-00", amount: "1.00" }] }) { userErrors { field code } } }',
    CARD_THEN_DIGIT_GROUPS,
  );
  expect(problems(payload)).toContainEqual(['input.payerEmail', 'INVALID_EMAIL']);
  expect(problems(payload)).not.toContainEqual(['input.payerEmail', 'CARD_NUMBER_NOT_ACCEPTED']);
});

it("a resident's mobile number two megabytes long, a card number in it, is refused as no number before it is scanned", async () => {
  const client = stranger('norwalk');
  const { session } = await registerCustomer(client, { email: 'long-mobile-number@example.com' });
  const mutation = SAVE_PREFERENCES.replace('$input: NotificationPreferencesInput!', '$text: String!').replace('(input: $input)', '(input: { smsOptIn: true, smsPhone: $text })');
  expect(problems(await answered('norwalk', mutation, CARD_THEN_DIGIT_GROUPS, bearer(client, session)))).toEqual([['input.smsPhone', 'INVALID_PHONE']]);
});
