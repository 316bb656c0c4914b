import { cardNumbersIn, findCardNumbers, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer } from '../customers/customer-api';
import { BANK, CARDS, bankToken, cardToken, newKey, pay } from './payments-api';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

it('finds no card or bank account number anywhere in the database or the logs after every kind of payment', async () => {
  // Payments that approve and decline, by card and e-check, a saved card, and a card number sent where a token belongs.
  const guest = platform.client.asTenant('norwalk');
  for (const number of Object.values(CARDS)) {
    await pay(guest, { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }], token: await cardToken(platform, number), payerEmail: 'scan@example.com' });
  }
  await pay(guest, { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }], token: await bankToken(platform), payerEmail: 'scan@example.com' });
  for (const leaked of [CARDS.visa, '4242-4242-4242-4242', '5555 5555 5555 4444']) {
    const result = await pay(guest, { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }], token: leaked, payerEmail: 'scan@example.com' });
    expect(result.userErrors[0]?.code).toBe('CARD_NUMBER_NOT_ACCEPTED');
  }
  const { session } = await registerCustomer(guest, { email: 'wallet-scan@example.com' });
  const customer = bearer(guest, session);
  await customer.data('mutation S($t: String!) { savePaymentMethod(token: $t) { userErrors { code } } }', { t: await cardToken(platform, CARDS.americanExpress) });
  await customer.data('mutation S($t: String!) { savePaymentMethod(token: $t) { userErrors { code } } }', { t: CARDS.mastercard });

  // The same scan runs when every test file's platform closes; here it must also have looked at real data.
  expect(await findCardNumbers(platform.settings, platform.logLines())).toEqual([]);
  // And the account numbers of the sandbox bank never reach the platform either.
  const logs = platform.logLines().join('\n');
  for (const account of Object.values(BANK.accounts)) expect(logs).not.toContain(account);
});

it('the scanner itself finds a card number when there is one, in the database and in logs', async () => {
  expect(cardNumbersIn(`note: paid with 4242 4242 4242 4242 on ${Date.now()}`)).toEqual(['4242 4242 4242 4242']);
  expect(cardNumbersIn(`id 1795456139290 and 378282246310005`)).toEqual(['378282246310005']);
  // Digits inside a hash are not a card, even when they pass Luhn with a brand's prefix.
  expect(cardNumbersIn('token_hash: a5557193416561f0 and x4242424242424242')).toEqual([]);
  // Dash-joined digits that are not in a card's grouping (ids, keys with a pid and a timestamp) are not cards either.
  expect(cardNumbersIn('pay-6517-7-1795461952337 and 3782-822463-10005')).toEqual(['3782-822463-10005']);
  // Plant one in a tenant table, see it found, then take it out again (or this file's own teardown scan would fail).
  const [tenant] = await platform.db.query<{ id: string }[]>(`SELECT id FROM tenants WHERE slug = 'norwalk'`);
  const inNorwalk = (sql: string) =>
    platform.db.transaction(async (manager) => {
      await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant!.id]);
      await manager.query(sql, [tenant!.id]);
    });
  await inNorwalk(
    `INSERT INTO notification_outbox (tenant_id, id, created_at, channel, recipient, locale, template, data) VALUES ($1, gen_random_uuid(), now(), 'EMAIL', 'probe', 'en', 'PAYMENT_RECEIPT', '{"note": "card 5555555555554444"}')`,
  );
  expect(await findCardNumbers(platform.settings, ['a log line with 6011111111111117'])).toEqual(['notification_outbox.data: 5555555555554444', 'log: 6011111111111117']);
  await inNorwalk(`DELETE FROM notification_outbox WHERE recipient = 'probe' AND tenant_id = $1`);
});
