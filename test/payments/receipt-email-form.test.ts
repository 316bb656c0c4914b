import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay } from './payments-api';

/*
 * A payer's receipt email is kept in the one form every address is kept in
 * (trimmed, lower case, NFC: normaliseIdentifier), as users' emails are, so
 * an accent typed composed or decomposed is one address on the payment, in
 * the outbox, and beside the account holder's.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

it('keeps a receipt email typed with a decomposed accent and capitals as the one form of the address', async () => {
  const typed = '  Jos\u0065\u0301.Garcia@Example.COM ';
  const result = await pay(platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': '198.51.100.92' }), {
    idempotencyKey: newKey('email-form'),
    allocations: [{ accountNumber: '10-1001-00', amount: '3.00' }],
    token: await cardToken(platform),
    payerEmail: typed,
  });
  expect(result.userErrors).toEqual([]);
  const kept = 'jos\u00e9.garcia@example.com';
  const [payment] = await tenantRows<{ payer_email: string }>(platform, 'norwalk', 'SELECT payer_email FROM payments WHERE id = $1', [result.payment!.id]);
  const receipts = await tenantRows<{ recipient: string }>(platform, 'norwalk', "SELECT recipient FROM notification_outbox WHERE template = 'PAYMENT_RECEIPT' AND data->>'confirmationNumber' = $1", [
    result.payment!.confirmationNumber,
  ]);
  expect({ payment: payment!.payer_email, receipts: receipts.map((r) => r.recipient) }).toEqual({ payment: kept, receipts: [kept] });
});
