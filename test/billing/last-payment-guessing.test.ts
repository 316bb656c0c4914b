import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { addressSource } from '../customers/burst';
import { auditCount } from '../customers/customer-api';
import { LOOKUP } from './billing-api';

/*
 * Norman proves an account by its number and its last payment's amount.
 * Wrong amounts were limited to 5 per account per quarter-hour and nothing
 * longer: 480 guesses a day at every account, for ever, from addresses
 * enough (a botnet's). A last payment is most often a bill's total, a few
 * thousand likely amounts, so a patient guesser found an account's answer
 * within weeks, and any account's among hundreds every day. An account now
 * takes 20 wrong amounts a day: years of guessing, and its holder, who
 * knows the answer, is never counted.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  // Behind a proxy: each guess comes from an address of its own, as a spread-out guesser's do.
  platform = await startTestPlatform({ clock, trustProxy: true });
});
afterAll(() => platform.close());

const freshAddress = addressSource('10.41');
/** Demo account 2001-0417 (Norman) and the amount its holder last paid. */
const ACCOUNT = '2001-0417';
const LAST_PAYMENT = '100.65';
const QUARTER_HOUR_MS = 15 * 60_000;

interface LookupAnswer {
  readonly data?: { readonly lookupAccount: { readonly account: { readonly accountNumber: string } | null; readonly userErrors: readonly { readonly code: string }[] } } | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string; readonly retryAfterSeconds?: number } }[];
}

async function guess(lastPaymentAmount: string, accountNumber = ACCOUNT): Promise<{ outcome: string; retryAfterSeconds?: number; message?: string }> {
  const answer = (await platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': freshAddress() }).request(LOOKUP, { input: { accountNumber, lastPaymentAmount } })) as LookupAnswer;
  const [error] = answer.errors ?? [];
  if (error) return { outcome: error.extensions?.code ?? 'ERROR', retryAfterSeconds: error.extensions?.retryAfterSeconds, message: error.message };
  const found = answer.data?.lookupAccount;
  return { outcome: found?.account ? 'FOUND' : (found?.userErrors[0]?.code ?? 'NOTHING') };
}

it("checks at most 20 wrong amounts at one account's last payment in a day, however they are spread over quarter-hours and addresses", async () => {
  const failedBefore = await auditCount(platform, 'norman', `kind = 'LOOKUP_FAILED'`);
  let cents = 2000;
  for (let quarter = 0; quarter < 4; quarter++) {
    for (let i = 0; i < 5; i++) expect(await guess(`${cents++ / 100}`)).toEqual({ outcome: 'VERIFICATION_FAILED' });
    clock.advance(QUARTER_HOUR_MS);
  }
  expect((await auditCount(platform, 'norman', `kind = 'LOOKUP_FAILED'`)) - failedBefore).toBe(20);

  // The 21st is not checked, right or wrong, until the day since the first is over.
  // The first wrong amount was an hour ago: 23 hours to wait, said in hours, not as "1380 minutes".
  expect(await guess(LAST_PAYMENT)).toEqual({
    outcome: 'RATE_LIMITED',
    retryAfterSeconds: 23 * 3600,
    message: expect.stringMatching(/^Too many attempts\. Please wait 23 hours and try again\. To get help now, call customer service at \(405\) 217-7739 /),
  });
  expect(await guess('99.99')).toMatchObject({ outcome: 'RATE_LIMITED' });
  // Another account's guesses are its own.
  expect(await guess('1.00', '2002-0933')).toEqual({ outcome: 'VERIFICATION_FAILED' });

  clock.advance(24 * 3600_000);
  expect(await guess(LAST_PAYMENT)).toEqual({ outcome: 'FOUND' });
});

it('never counts the holder, who knows the answer, against the day', async () => {
  clock.advance(24 * 3600_000);
  for (let visit = 0; visit < 25; visit++) expect(await guess(LAST_PAYMENT)).toEqual({ outcome: 'FOUND' });
});
