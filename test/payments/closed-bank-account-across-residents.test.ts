import { closeSandboxBankAccount } from '@platform/processor-sandbox';
import { FixedClock, startTestPlatform, TEST_PROCESSOR_SECRET_KEY, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { at, autopayNotices, enroll, myAccounts, newCustomer, openAccountWithBill, saveToken, type Customer, enrolAutopay } from '../autopay/autopay-api';
import { bankToken, newKey, pay, processorCharges } from './payments-api';

/*
 * Rosa and Luis, a couple, each pay their own Norwalk account from the same joint checking account: Rosa saved it in
 * her wallet, Luis too, and Luis pays by autopay from it. They close it at their bank. On March 10 Rosa pays with it,
 * and the processor declines: the account no longer exists. Rosa's wallet drops it; the city knew nothing more. Luis's
 * wallet kept offering it, his reminder on March 12 promised "we will debit your bank account ending 6789 on March 15",
 * and he paid nothing else until that debit was declined; a one-time payment by the same numbers was sent to the
 * processor to be declined again; and Rosa, typing the account in again, was refused with "the payment details have
 * expired or were already used: enter them again" (she did, and was told the same). Now the bank account is known
 * closed to the whole city: refused before anything is recorded or sent, with what the bank said, in English and
 * Spanish; Luis's autopay is suspended at the next pass and he is told, instead of being promised a debit.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
let platform: TestPlatform;
let rosa: Customer;
let luis: Customer;
let luisBankId: string;
const ROSA = '10-8831-00';
const LUIS = '10-8832-00';
const JOINT = '000123456789';
const SAVE = 'mutation Save($token: String!) { savePaymentMethod(token: $token) { paymentMethod { id } userErrors { field code message } } }';
const guest = (locale = 'en') => platform.client.asTenant('norwalk').withHeaders({ 'accept-language': locale, 'x-forwarded-for': '198.51.100.77' });

beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  await changeCitySettings(platform, 'norwalk', { autopayRules: { methodsAllowedOnline: ['CARD', 'BANK_ACCOUNT'] } });
  await openAccountWithBill(platform, ROSA, '60.00');
  await openAccountWithBill(platform, LUIS, '45.00');
  rosa = await newCustomer(platform, { email: 'rosa.joint@example.com', accounts: [ROSA] });
  luis = await newCustomer(platform, { email: 'luis.joint@example.com', accounts: [LUIS] });
  const rosaBankId = await saveToken(await rosa.client(), await bankToken(platform, JOINT));
  luisBankId = await saveToken(await luis.client(), await bankToken(platform, JOINT));
  await enrolAutopay(luis, luis.accounts[LUIS]!, { paymentMethodId: luisBankId });

  const [saved] = await tenantRows<{ fingerprint: string }>(platform, 'norwalk', 'SELECT fingerprint FROM saved_payment_methods WHERE id = $1', [rosaBankId]);
  await closeSandboxBankAccount(platform.processorUrl, TEST_PROCESSOR_SECRET_KEY, saved!.fingerprint);
  const declined = await pay(await rosa.client(), { idempotencyKey: newKey(), allocations: [{ serviceAccountId: rosa.accounts[ROSA]!, amount: '60.00' }], savedMethodId: rosaBankId });
  expect(declined.payment).toMatchObject({ status: 'DECLINED', declineCode: 'INVALID_ACCOUNT' });
});
afterAll(() => platform.close());

it('refuses a one-time payment by the same account numbers before recording or sending anything, saying what the bank said', async () => {
  const payments = await tenantRows(platform, 'norwalk', 'SELECT id FROM payments ORDER BY id');
  const charges = (await processorCharges(platform)).length;
  for (const [locale, message] of [
    ['en', 'The bank says this bank account no longer exists. Please use another method.'],
    ['es', 'El banco dice que esta cuenta bancaria ya no existe. Use otro método.'],
  ] as const) {
    const refused = await pay(guest(locale), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: LUIS, amount: '45.00' }],
      token: await bankToken(platform, JOINT),
      payerEmail: 'luis.joint@example.com',
    });
    expect(refused).toMatchObject({ payment: null, userErrors: [{ field: ['input', 'token'], code: 'BANK_ACCOUNT_INVALID', message }] });
  }
  expect(await tenantRows(platform, 'norwalk', 'SELECT id FROM payments ORDER BY id')).toEqual(payments);
  expect(await processorCharges(platform)).toHaveLength(charges);
});

it('refuses Rosa saving the account again with what the bank said, not "enter the details again"', async () => {
  const me = (await rosa.client()).withHeaders({ 'accept-language': 'es' });
  const { savePaymentMethod } = await me.data<{ savePaymentMethod: { paymentMethod: null; userErrors: { field: string[]; code: string; message: string }[] } }>(SAVE, {
    token: await bankToken(platform, JOINT),
  });
  expect(savePaymentMethod).toEqual({
    paymentMethod: null,
    userErrors: [{ field: ['token'], code: 'BANK_ACCOUNT_INVALID', message: 'El banco dice que esta cuenta bancaria ya no existe. Use otro método.' }],
  });
  expect((await me.data<{ paymentMethods: unknown[] }>('{ paymentMethods { id } }')).paymentMethods).toEqual([{ id: rosa.cardId }]);
});

it("suspends Luis's autopay on the account at the next pass and tells him, instead of promising a debit that cannot be made", async () => {
  at(clock, '2026-03-12T16:10:00Z');
  await platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  const notices = await autopayNotices(platform, 'norwalk', luis.email);
  expect(notices.filter((n) => n.template === 'AUTOPAY_REMINDER')).toEqual([]);
  expect(notices.filter((n) => n.template === 'AUTOPAY_SUSPENDED').map((n) => n.data.reason)).toEqual(['METHOD_UNAVAILABLE']);
  expect((await myAccounts(await luis.client()))[LUIS]!.autopay).toMatchObject({ status: 'SUSPENDED', suspendedReason: 'METHOD_UNAVAILABLE', nextDeductionDate: null });

  // His wallet says why the account cannot be used, so the pages neither offer it nor leave him guessing.
  const { paymentMethods } = await (await luis.client()).data<{ paymentMethods: { id: string; blockedBecause: string | null }[] }>('{ paymentMethods { id blockedBecause } }');
  expect(paymentMethods.find((method) => method.id === luisBankId)).toEqual({ id: luisBankId, blockedBecause: 'INVALID_ACCOUNT' });

  const charges = (await processorCharges(platform)).length;
  at(clock, '2026-03-15T16:10:00Z');
  await platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  expect(await processorCharges(platform)).toHaveLength(charges);
  // Enrolling on it again is refused with what the bank said, not "after a returned payment": no payment was returned.
  const again = await enroll(await luis.client(), { serviceAccountId: luis.accounts[LUIS]!, paymentMethodId: luisBankId });
  expect(again.userErrors).toMatchObject([
    { field: ['input', 'paymentMethodId'], code: 'BANK_ACCOUNT_INVALID', message: 'The bank says this bank account no longer exists. Please use another method.' },
  ]);
});
