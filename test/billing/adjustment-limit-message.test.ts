import { randomUUID } from 'node:crypto';
import { SUPPORTED_LOCALES, translate } from '@platform/core';
import { ADJUST, openAccount, platformWithStaff } from './billing-api';

/*
 * The refusal of an adjustment over the limit names the limit the code
 * enforces, in the staff member's language: the amount it names goes
 * through, a cent more either way does not. The catalogues take the amount
 * as a placeholder, so the message follows the limit if it is ever changed.
 */

const env = platformWithStaff('norwalk', 'ADMIN');

type Adjusted = { recordAccountAdjustment: { entry: { id: string } | null; userErrors: { field: string[]; code: string; message: string }[] } };

it('every catalogue fills the limit into the message rather than stating an amount of its own', () => {
  for (const locale of SUPPORTED_LOCALES) {
    expect([locale, translate(locale, 'billing.adjustmentTooLarge', { max: '<the limit>' })]).toEqual([locale, expect.stringContaining('<the limit>')]);
    expect([locale, translate(locale, 'billing.adjustmentTooLarge', { max: '<the limit>' })]).toEqual([locale, expect.not.stringMatching(/\d/)]);
  }
});

it.each([
  ['en', 'At most'],
  ['es', 'Como máximo'],
])('the refusal in %s names the amount the limit is enforced at', async (locale, opening) => {
  const staff = env.staff.withHeaders({ 'accept-language': locale });
  const account = await openAccount(env.staff);
  const adjust = (kind: 'FEE' | 'ADJUSTMENT', amount: string) =>
    staff.data<Adjusted>(ADJUST, { input: { serviceAccountId: account.id, kind, amount, memo: 'limit check', idempotencyKey: randomUUID() } });

  const refused = (await adjust('FEE', '99999999.99')).recordAccountAdjustment;
  expect(refused.entry).toBeNull();
  expect(refused.userErrors).toEqual([{ field: ['input', 'amount'], code: 'INVALID_AMOUNT', message: expect.stringContaining(opening) }]);
  const named = /\$([\d,]+\.\d\d)/.exec(refused.userErrors[0]!.message)?.[1]?.replace(/,/g, '');
  expect(named).toMatch(/^\d+\.\d\d$/);
  const limitCents = BigInt(named!.replace('.', ''));
  const oneCentOver = `${(limitCents + 1n) / 100n}.${String((limitCents + 1n) % 100n).padStart(2, '0')}`;

  for (const [kind, sign] of [
    ['FEE', ''],
    ['ADJUSTMENT', '-'],
  ] as const) {
    expect((await adjust(kind, `${sign}${named}`)).recordAccountAdjustment.userErrors).toEqual([]);
    expect((await adjust(kind, `${sign}${oneCentOver}`)).recordAccountAdjustment.userErrors).toEqual([refused.userErrors[0]]);
  }
});
