import { findCardNumbers, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { cardToken, newKey, pay } from './payments-api';

/*
 * A card number typed where the receipt email goes is refused, as it is in
 * every other field a person types into (names, memos, reasons, account
 * numbers), and kept nowhere: here it is stored on the payment
 * (payments.payer_email) and in the receipt queued to it.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(async () => {
  try {
    expect(await findCardNumbers(platform.settings, platform.logLines())).toEqual([]);
  } finally {
    await platform.close();
  }
});

it('refuses a card number as the guest receipt email, recording and charging nothing', async () => {
  const result = await pay(platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': '198.51.100.91' }), {
    idempotencyKey: newKey('email'),
    allocations: [{ accountNumber: '10-1001-00', amount: '5.00' }],
    token: await cardToken(platform),
    payerEmail: '4111111111111111@example.com',
  });
  expect({ payment: result.payment?.status ?? null, errors: result.userErrors.map((e) => [e.field, e.code]) }).toEqual({
    payment: null,
    errors: [[['input', 'payerEmail'], 'CARD_NUMBER_NOT_ACCEPTED']],
  });
});
