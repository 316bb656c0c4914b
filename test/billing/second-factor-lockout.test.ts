import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { addressSource } from '../customers/burst';
import { LOOKUP } from './billing-api';

/*
 * Norman proves an account by its number and its last payment's amount, and
 * wrong amounts are limited per account: 5 a quarter-hour, 20 a day. Those
 * limits were a lockout anyone could set off: five wrong amounts from a
 * stranger holding a neighbour's bill refused the holder their own look-up
 * (and guest payment) for the quarter-hour, twenty for the day. An address
 * (or caller's number) that has proved the account before is now its
 * holder's, counted on its own (the same 5 and 20): strangers' guesses no
 * longer reach it, and guesses from it never spend the account's limits for
 * others. New addresses share the account's limits, as before.
 */
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
});
afterAll(() => platform.close());

const strangerAddress = addressSource('10.52');
const ACCOUNT = '2001-0417';
const LAST_PAYMENT = '100.65';
const HOME = '192.0.2.77';
const HOME_V6 = '2001:db8:5:7::1';

interface LookupAnswer {
  readonly data?: { readonly lookupAccount: { readonly account: { readonly accountNumber: string } | null; readonly userErrors: readonly { readonly code: string }[] } } | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string } }[];
}

async function lookUp(address: string, lastPaymentAmount: string): Promise<string> {
  const answer = (await platform.client
    .asTenant('norman')
    .withHeaders({ 'x-forwarded-for': address })
    .request(LOOKUP, { input: { accountNumber: ACCOUNT, lastPaymentAmount } })) as LookupAnswer;
  const [error] = answer.errors ?? [];
  if (error) return error.extensions?.code ?? 'ERROR';
  return answer.data?.lookupAccount.account ? 'FOUND' : (answer.data?.lookupAccount.userErrors[0]?.code ?? 'NOTHING');
}

let cents = 3000;
const wrongAmount = () => `${cents++ / 100}`;

it('lets the holder, from an address that proved the account before, look it up while strangers have spent its quarter-hour and its day', async () => {
  expect(await lookUp(HOME, LAST_PAYMENT)).toBe('FOUND');
  expect(await lookUp(HOME_V6, LAST_PAYMENT)).toBe('FOUND');

  for (let i = 0; i < 5; i++) expect(await lookUp(strangerAddress(), wrongAmount())).toBe('VERIFICATION_FAILED');
  expect(await lookUp(strangerAddress(), LAST_PAYMENT)).toBe('RATE_LIMITED');
  expect(await lookUp(HOME, LAST_PAYMENT)).toBe('FOUND');
  // Another address of the same /64 network is the same household's.
  expect(await lookUp('2001:db8:5:7::beef', LAST_PAYMENT)).toBe('FOUND');

  for (let quarter = 0; quarter < 3; quarter++) {
    clock.advance(15 * 60_000);
    for (let i = 0; i < 5; i++) expect(await lookUp(strangerAddress(), wrongAmount())).toBe('VERIFICATION_FAILED');
  }
  clock.advance(15 * 60_000);
  expect(await lookUp(strangerAddress(), wrongAmount())).toBe('RATE_LIMITED');
  expect(await lookUp(HOME, LAST_PAYMENT)).toBe('FOUND');
});

it("counts guesses from the holder's address on their own: five a quarter-hour, and they spend nothing of the account's for others", async () => {
  clock.advance(24 * 3600_000);
  for (let i = 0; i < 5; i++) expect(await lookUp(HOME, wrongAmount())).toBe('VERIFICATION_FAILED');
  expect(await lookUp(HOME, LAST_PAYMENT)).toBe('RATE_LIMITED');
  expect(await lookUp(strangerAddress(), LAST_PAYMENT)).toBe('FOUND');
});
