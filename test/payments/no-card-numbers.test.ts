import { cardBrandOf, looksLikeCardNumber } from '@platform/core';
import { withClient } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer } from '../customers/customer-api';
import { BANK, CARDS, bankToken, cardToken, newKey, pay } from './payments-api';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

/** Digit runs of card length (spaces or dashes between groups allowed) that pass Luhn and have a card brand's prefix. */
function cardNumbersIn(text: string): string[] {
  return (text.match(/\d(?:[ -]?\d){12,18}/g) ?? []).filter((run) => looksLikeCardNumber(run) && cardBrandOf(run.replace(/[ -]/g, '')) !== null);
}

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

  // Every text-like column of every table, read as the database superuser (row-level security does not hide anything from it).
  const url = new URL(platform.settings.adminUrl);
  url.pathname = `/${platform.settings.databaseName}`;
  const found = await withClient(url.toString(), async (client) => {
    const columns = await client.query<{ table_schema: string; table_name: string; column_name: string }>(
      `SELECT table_schema, table_name, column_name FROM information_schema.columns
        WHERE table_schema IN ('public', 'graphile_worker') AND data_type IN ('text', 'character varying', 'jsonb', 'json')`,
    );
    expect(columns.rows.length).toBeGreaterThan(50);
    const hits: string[] = [];
    for (const { table_schema, table_name, column_name } of columns.rows) {
      const { rows } = await client.query<{ value: string }>(`SELECT "${column_name}"::text AS value FROM "${table_schema}"."${table_name}" WHERE "${column_name}" IS NOT NULL`);
      for (const row of rows) for (const hit of cardNumbersIn(row.value)) hits.push(`${table_name}.${column_name}: ${hit}`);
    }
    return hits;
  });
  expect(found).toEqual([]);
  expect(cardNumbersIn(platform.logLines().join('\n'))).toEqual([]);
  // And the account numbers of the sandbox bank never reach the platform either.
  const logs = platform.logLines().join('\n');
  for (const account of Object.values(BANK.accounts)) expect(logs).not.toContain(account);
});

it('the scanner itself finds a card number when there is one', () => {
  expect(cardNumbersIn(`note: paid with 4242 4242 4242 4242 on ${Date.now()}`)).toEqual(['4242 4242 4242 4242']);
  expect(cardNumbersIn(`id 1795456139290 and 378282246310005`)).toEqual(['378282246310005']);
});
