import { createHash } from 'node:crypto';
import { bucketKey } from '@platform/auth';
import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { LOOKUP, openAccount, signInStaff } from './billing-api';

/*
 * Norman proves an account with a second factor, so failed proofs are also
 * counted per account, in a bucket keyed by a SHA-256 of the number typed.
 * A resident who types their card number where the account number goes
 * (the form says "number", the card is in their hand) must not leave that
 * hash behind: it is unsalted, and a card's few unknown digits are found from
 * it in moments. Found by review: the web's look-up, linking and guest
 * payment each left one. A card number is no account's, so it is answered as
 * an unknown number and counted under the address only.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
});
afterAll(() => platform.close());

const CARD = '4111 1111 1111 1111';
const LINK = `mutation($input: LinkServiceAccountInput!) { linkServiceAccount(input: $input) { serviceAccount { id } userErrors { field code } } }`;
const FAILURES_PER_ADDRESS = { name: 'account-verify-ip', limit: 20, windowSeconds: 15 * 60, reason: 'ACCOUNT_PROOF_FAILURES' } as const;

/** Every bucket, under any rule, whose subject is `digits`. */
const bucketsOf = (digits: string) =>
  tenantRows<{ bucket_key: string }>(platform, 'norman', 'SELECT bucket_key FROM rate_limit_buckets WHERE bucket_key LIKE $1', [`%:${createHash('sha256').update(digits).digest('hex')}`]);
const failuresFrom = async (address: string) =>
  (await tenantRows<{ hits: number }>(platform, 'norman', 'SELECT hits FROM rate_limit_buckets WHERE bucket_key = $1', [bucketKey(FAILURES_PER_ADDRESS, address)]))[0]?.hits ?? 0;

it('never keys a rate-limit bucket by a card number typed as the account number, in a look-up, a link or a guest payment', async () => {
  const address = '198.51.100.61';
  const guest = platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': address });

  const lookup = await guest.data<{ lookupAccount: { account: unknown; userErrors: { field: string[]; code: string }[] } }>(LOOKUP, {
    input: { accountNumber: CARD, lastPaymentAmount: '10.00' },
  });
  expect(lookup.lookupAccount).toEqual({ account: null, userErrors: [expect.objectContaining({ field: ['input'], code: 'VERIFICATION_FAILED' })] });

  const { session } = await registerCustomer(guest, { email: 'card-typed@example.com', username: 'card-typed', name: 'Pat Payer', phone: '405-555-0161' });
  const link = await bearer(guest, session).data<{ linkServiceAccount: { serviceAccount: unknown; userErrors: { code: string }[] } }>(LINK, {
    input: { accountNumber: '4111-1111-1111-1111', lastPaymentAmount: '10.00' },
  });
  expect(link.linkServiceAccount).toMatchObject({ serviceAccount: null, userErrors: [{ code: 'VERIFICATION_FAILED' }] });

  const payment = await pay(guest, {
    idempotencyKey: newKey('card-typed'),
    allocations: [{ accountNumber: '4111111111111111', lastPaymentAmount: '10.00', amount: '10.00' }],
    token: await cardToken(platform),
    payerEmail: 'card-typed@example.com',
  });
  expect(payment).toMatchObject({ payment: null, userErrors: [{ code: 'VERIFICATION_FAILED' }] });

  expect(await bucketsOf('4111111111111111')).toEqual([]);
  // Each failed proof still counts against the address that made it.
  expect(await failuresFrom(address)).toBe(3);
});

it('finds an account the city writes with dots whose bare digits pass Luhn, typed with or without them (found by review of the fix)', async () => {
  const staff = await signInStaff(platform, 'norwalk', 'ADMIN');
  const account = await openAccount(staff, { accountNumber: '2026.0417.38009' });
  const guest = platform.client.asTenant('norwalk');
  type Answer = { lookupAccount: { account: { serviceAccountId: string } | null; userErrors: { code: string }[] } };
  for (const typed of ['2026.0417.38009', '2026041738009']) {
    expect((await guest.data<Answer>(LOOKUP, { input: { accountNumber: typed } })).lookupAccount).toMatchObject({ account: { serviceAccountId: account.id }, userErrors: [] });
  }
});
