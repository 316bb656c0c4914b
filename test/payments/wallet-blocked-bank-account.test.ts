import { FixedClock } from '@platform/testkit';
import { BANK, bankToken, cardToken, newKey, pay, platformWithDemoResident } from './payments-api';

/*
 * Marta pays $25.00 from her saved checking account; the bank returns it (R02, account closed) and the city blocks the
 * account: every later payment or enrolment with it is refused BANK_ACCOUNT_BLOCKED. Her wallet still listed it like
 * any other method, with nothing a page could read to say why it could not be used (or to stop offering it). The wallet
 * now says which saved bank account is blocked and by which return, and only that one: her card is not.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformWithDemoResident({ clock, jobs: true }, 'marta.blocked@example.com');

const SAVE = 'mutation Save($token: String!) { savePaymentMethod(token: $token) { paymentMethod { id kind blockedBecause } userErrors { code } } }';
const WALLET = '{ paymentMethods { id kind last4 blockedBecause } }';
type Saved = { id: string; kind: string; blockedBecause: string | null };

const save = async (token: string): Promise<Saved> => (await env.me.data<{ savePaymentMethod: { paymentMethod: Saved } }>(SAVE, { token })).savePaymentMethod.paymentMethod;
const wallet = async (): Promise<Saved[]> => (await env.me.data<{ paymentMethods: Saved[] }>(WALLET)).paymentMethods;

it('says in the wallet which saved bank account the city blocked after its bank returned a debit, and with which code', async () => {
  const bank = await save(await bankToken(env.platform, BANK.accounts.returnsAccountClosed));
  expect(bank).toMatchObject({ kind: 'BANK_ACCOUNT', blockedBecause: null });
  const card = await save(await cardToken(env.platform));

  const paid = await pay(env.me, { idempotencyKey: newKey('blocked'), allocations: [{ serviceAccountId: env.accountId, amount: '25.00' }], savedMethodId: bank.id });
  expect([paid.payment?.status, paid.userErrors]).toEqual(['AUTHORIZED', []]);
  expect(await wallet()).toEqual(expect.arrayContaining([expect.objectContaining({ id: bank.id, blockedBecause: null })]));

  clock.set(new Date('2026-03-13T18:00:00Z'));
  await env.platform.runJob('payments.settle-echecks');
  await env.signInAgain();

  const after = await wallet();
  expect(after.find((method) => method.id === bank.id)).toMatchObject({ blockedBecause: 'R02' });
  expect(after.find((method) => method.id === card.id)).toMatchObject({ blockedBecause: null });

  // What the field promises: a payment with it is refused, by the same rule.
  const again = await pay(env.me, { idempotencyKey: newKey('blocked'), allocations: [{ serviceAccountId: env.accountId, amount: '5.00' }], savedMethodId: bank.id });
  expect(again).toMatchObject({ payment: null, userErrors: [{ field: ['input', 'savedMethodId'], code: 'BANK_ACCOUNT_BLOCKED' }] });
});
