import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { LOOKUP } from './billing-api';

/*
 * "As printed on the bill; spaces and dashes do not matter." A number copied
 * from a PDF statement or an email, or typed on a phone that turns "-" into a
 * typographic dash, holds U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN, U+2013 EN
 * DASH or U+2212 MINUS SIGN in place of "-". Each is a dash to the resident.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ seed: true });
});
afterAll(() => platform.close());

type Lookup = { lookupAccount: { account: { accountNumber: string } | null; userErrors: { code: string }[] } };

it.each([
  ['U+2010 hyphen', '10\u20101002\u201000'],
  ['U+2011 non-breaking hyphen', '10\u20111002\u201100'],
  ['U+2013 en dash', '10\u20131002\u201300'],
  ['U+2212 minus sign', '10\u22121002\u221200'],
  ['U+2012 figure dash', '10\u20121002\u201200'],
  ['U+2014 em dash', '10\u20141002\u201400'],
  ['U+FE63 small hyphen-minus', '10\ufe631002\ufe6300'],
  ['mix of dashes and spaces', ' 10 \u2013 1002\u00a0\u2212\u00a000 '],
])('finds Norwalk demo account 10-1002-00 typed with a %s', async (_name, typed) => {
  const answer = await platform.client.asTenant('norwalk').data<Lookup>(LOOKUP, { input: { accountNumber: typed } });
  expect(answer.lookupAccount.userErrors).toEqual([]);
  expect(answer.lookupAccount.account?.accountNumber).toBe('10-1002-00');
});
