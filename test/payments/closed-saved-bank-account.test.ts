import { closeSandboxBankAccount } from '@platform/processor-sandbox';
import { FixedClock, TEST_PROCESSOR_SECRET_KEY } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { BANK, bankToken, newKey, pay, platformWithDemoResident } from './payments-api';

/*
 * Rosa saved her checking account in the wallet, then closed it at her bank. Paying with it, the processor declines
 * INVALID_ACCOUNT. She was told to "check the routing and account numbers" (she typed none: it was saved), the wallet
 * went on offering the account as if fine, each new try was sent to the processor and declined again, and autopay
 * took it as her method. Now she is told the account can no longer be debited and was taken out of her saved methods,
 * in her language; the wallet no longer offers it, and a payment or an autopay enrolment with it is refused before
 * anything is recorded or sent.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformWithDemoResident({ clock }, 'rosa.closed@example.com');

const SAVE = 'mutation Save($token: String!) { savePaymentMethod(token: $token) { paymentMethod { id } userErrors { code } } }';
const WALLET = '{ paymentMethods { id } }';
const ENROLL = 'mutation Enroll($input: AutopayInput!) { enrollAutopay(input: $input) { userErrors { field code } } }';

let bankId: string;

beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { methodsAllowedOnline: ['CARD', 'BANK_ACCOUNT'] } });
  bankId = (await env.me.data<{ savePaymentMethod: { paymentMethod: { id: string } } }>(SAVE, { token: await bankToken(env.platform, BANK.accounts.settles) })).savePaymentMethod.paymentMethod.id;
  const [saved] = await tenantRows<{ fingerprint: string }>(env.platform, 'norwalk', 'SELECT fingerprint FROM saved_payment_methods WHERE id = $1', [bankId]);
  await closeSandboxBankAccount(env.platform.processorUrl, TEST_PROCESSOR_SECRET_KEY, saved!.fingerprint);
});

it('tells her in Spanish the saved account can no longer be debited, and takes it out of her wallet', async () => {
  const spanish = env.me.withHeaders({ 'accept-language': 'es' });
  const declined = await pay(spanish, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: env.accountId, amount: '5.00' }], savedMethodId: bankId });
  expect(declined).toMatchObject({
    payment: { status: 'DECLINED', declineCode: 'INVALID_ACCOUNT' },
    userErrors: [
      {
        field: ['input', 'savedMethodId'],
        code: 'BANK_ACCOUNT_INVALID',
        message: 'Su banco dice que esta cuenta bancaria ya no existe: no se cobró nada y se quitó de sus métodos guardados. Use otro método.',
      },
    ],
  });
  expect((await env.me.data<{ paymentMethods: { id: string }[] }>(WALLET)).paymentMethods).toEqual([]);
});

it('refuses another payment or an autopay enrolment with it before anything is recorded or sent', async () => {
  const before = await tenantRows(env.platform, 'norwalk', 'SELECT id FROM payments');
  const again = await pay(env.me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: env.accountId, amount: '5.00' }], savedMethodId: bankId });
  expect(again).toMatchObject({ payment: null, userErrors: [{ field: ['input', 'savedMethodId'], code: 'METHOD_NOT_FOUND' }] });
  expect(await tenantRows(env.platform, 'norwalk', 'SELECT id FROM payments')).toEqual(before);

  const { enrollAutopay } = await env.me.data<{ enrollAutopay: { userErrors: { code: string }[] } }>(ENROLL, { input: { serviceAccountId: env.accountId, paymentMethodId: bankId } });
  expect(enrollAutopay.userErrors).toMatchObject([{ code: expect.stringMatching(/METHOD_NOT_FOUND|METHOD_UNAVAILABLE/) }]);
});
