import { createHash } from 'node:crypto';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { GOOD_PASSWORD, LOGIN, REGISTER, REQUEST_RESET, tenantRows } from './customer-api';

/*
 * README (abuse limits): a card number typed where an identifier belongs is counted per address only, "so no counter
 * is ever keyed by a card number's hash": a bucket key is an unsalted SHA-256, from which a card's few unknown digits
 * are found in moments (billing's verification.service.ts keeps account look-ups to the same rule). A card number
 * pasted into Norman's username box, or into the forgot-password box, must not become such a key; nor may an email
 * holding one, which would be stored and counted under as well.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

const CARD = '4111 1111 1111 1111';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Every form of the card number a counter might be keyed by. */
const CARD_HASHES = new Set([CARD, CARD.replace(/\s/g, ''), CARD.replace(/\s/g, '-')].map(sha256));

async function bucketKeys(slug: 'norman' | 'norwalk'): Promise<string[]> {
  const rows = await tenantRows<{ bucket_key: string }>(platform, slug, 'SELECT bucket_key FROM rate_limit_buckets');
  return rows.map((row) => row.bucket_key);
}
const subjectHash = (key: string) => key.slice(key.indexOf(':') + 1);
const bucketsHoldingTheCard = async () => (await bucketKeys('norman')).filter((key) => CARD_HASHES.has(subjectHash(key)));

let nextAddress = 1;
const norman = () => platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': '203.0.113.41' });
const norwalk = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });

it('a card number typed as the username to sign in keys no counter by its hash', async () => {
  const response = await norman().data<{ login: { userErrors: { code: string }[] } }>(LOGIN, { input: { identifier: CARD, password: 'not the password at all' } });
  expect(response.login.userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
  expect(await bucketsHoldingTheCard()).toEqual([]);
});

it('a card number typed into "forgot password" keys no counter by its hash', async () => {
  const response = await norman().data<{ requestPasswordReset: { userErrors: unknown[] } }>(REQUEST_RESET, { input: { identifier: CARD } });
  expect(response.requestPasswordReset.userErrors).toEqual([]);
  expect((await bucketsHoldingTheCard()).filter((key) => key.startsWith('reset-'))).toEqual([]);
});

it('an email holding a card number is refused as an identity, so no account signs in (or is counted) by one', async () => {
  const email = '4111111111111111@example.com';
  const { register } = await norwalk().data<{ register: { user: unknown; userErrors: { field: string[]; code: string }[] } }>(REGISTER, { input: { email, password: GOOD_PASSWORD } });
  expect(register).toMatchObject({ user: null, userErrors: [{ field: ['input', 'email'], code: 'CARD_NUMBER_NOT_ACCEPTED' }] });
  await norwalk().data(LOGIN, { input: { identifier: email, password: GOOD_PASSWORD } });
  const hashes = new Set([...CARD_HASHES, sha256(email)]);
  expect((await bucketKeys('norwalk')).filter((key) => hashes.has(subjectHash(key)))).toEqual([]);
});
