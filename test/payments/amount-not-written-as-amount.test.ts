import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { cardToken, newKey, pay } from './payments-api';

// An amount the API cannot read ("$40.00", "12,50", a fraction of a cent) is told how to write one, in the request's
// language; "greater than zero" is said only of an amount that is zero or less, where it is true.
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

async function refusalOf(amount: string, locale: 'en' | 'es'): Promise<[string, string, string][]> {
  const client = platform.client.asTenant('norwalk').withHeaders({ 'accept-language': locale });
  const { payment, userErrors } = await pay(client, {
    idempotencyKey: newKey('amount'),
    allocations: [{ accountNumber: '10-1001-00', amount }],
    payerEmail: 'amounts@example.com',
    token: await cardToken(platform),
  });
  expect(payment).toBeNull();
  return userErrors.map((e) => [e.field.join('.'), e.code, e.message]);
}

describe('an allocation amount the API refuses', () => {
  it('says how to write an amount when the text is not one, and that it must be more than zero when it is not', async () => {
    const at = 'input.allocations.0.amount';
    expect({
      dollarSign: await refusalOf('$40.00', 'en'),
      decimalComma: await refusalOf('12,50', 'en'),
      fractionOfACent: await refusalOf('40.001', 'en'),
      zero: await refusalOf('0.00', 'en'),
      negative: await refusalOf('-5.00', 'en'),
      dollarSignInSpanish: await refusalOf('$40.00', 'es'),
      zeroInSpanish: await refusalOf('0.00', 'es'),
    }).toEqual({
      dollarSign: [[at, 'INVALID_AMOUNT', 'Enter the amount in dollars and cents, e.g. 85.85.']],
      decimalComma: [[at, 'INVALID_AMOUNT', 'Enter the amount in dollars and cents, e.g. 85.85.']],
      fractionOfACent: [[at, 'INVALID_AMOUNT', 'Enter the amount in dollars and cents, e.g. 85.85.']],
      zero: [[at, 'INVALID_AMOUNT', 'Enter an amount greater than zero in dollars and cents, e.g. 85.85.']],
      negative: [[at, 'INVALID_AMOUNT', 'Enter an amount greater than zero in dollars and cents, e.g. 85.85.']],
      dollarSignInSpanish: [[at, 'INVALID_AMOUNT', 'Escriba el importe en dólares y centavos, p. ej. 85.85.']],
      zeroInSpanish: [[at, 'INVALID_AMOUNT', 'Escriba un importe mayor que cero en dólares y centavos, p. ej. 85.85.']],
    });
  });
});
