import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { countRows } from '../customers/customer-api';
import { cardToken, newKey, pay, processorCharges } from './payments-api';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * A page shows the payer the city's convenience fee and the total before
 * Pay; the city may change its fee before Pay is pressed. makePayment charges
 * the total the payer confirmed (confirmedTotal), or refuses before anything
 * is recorded or charged.
 */

let platform: TestPlatform;
let guest: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  guest = platform.client.asTenant('norwalk');
});
afterAll(() => platform.close());

/** The city's fee policy, changed as the platform operator changes it. */
const setConvenienceFee = (convenienceFee: Record<string, unknown>) => changeCitySettings(platform, 'norwalk', { paymentRules: { convenienceFee } });

/** The fee a page shows before Pay for a payment of `amount`. */
async function quote(amount: string): Promise<string> {
  const { tenant } = await guest.data<{ tenant: { payments: { convenienceFeeFor: { amount: string } } } }>('query($a: String!) { tenant { payments { convenienceFeeFor(amount: $a) { amount } } } }', {
    a: amount,
  });
  return tenant.payments.convenienceFeeFor.amount;
}

const guestPayment = async (accountNumber: string, amount: string, extra: Record<string, unknown> = {}) => ({
  idempotencyKey: newKey('confirmed'),
  allocations: [{ accountNumber, amount }],
  token: await cardToken(platform),
  payerEmail: 'confirmed@example.com',
  ...extra,
});

afterEach(() => setConvenienceFee({ kind: 'NONE' }));

describe('a payment with the total the payer confirmed', () => {
  it('is refused with FEE_CHANGED when the city changed its fee after the quote, with nothing charged or recorded; at the new total it is charged that total', async () => {
    await setConvenienceFee({ kind: 'FLAT', amount: '1.95' });
    expect(await quote('20.00')).toBe('1.95');
    // The page showed $21.95; before Pay, the city raises its fee.
    await setConvenienceFee({ kind: 'FLAT', amount: '2.50' });
    const charges = (await processorCharges(platform)).length;
    const payments = await countRows(platform, 'norwalk', 'payments');

    const input = await guestPayment('10-1001-00', '20.00', { confirmedTotal: '21.95' });
    const refused = await pay(guest, input);
    expect(refused).toEqual({
      payment: null,
      receiptToken: null,
      userErrors: [
        {
          field: ['input', 'confirmedTotal'],
          code: 'FEE_CHANGED',
          message: 'The total for a payment of $20.00 is $22.50, with a convenience fee of $2.50, not the $21.95 confirmed. Nothing was charged. Please check the total and confirm again.',
        },
      ],
    });
    expect(await processorCharges(platform)).toHaveLength(charges);
    expect(await countRows(platform, 'norwalk', 'payments')).toBe(payments);

    // Confirmed again at the new total: nothing of the refused request stands in the way, not its key nor its card's token.
    expect(await quote('20.00')).toBe('2.50');
    const paid = await pay(guest, { ...input, confirmedTotal: '22.50' });
    expect(paid.userErrors).toEqual([]);
    expect(paid.payment).toMatchObject({ status: 'CAPTURED', amount: { amount: '20.00' }, convenienceFee: { amount: '2.50' }, total: { amount: '22.50' } });
    const made = (await processorCharges(platform)).slice(charges);
    expect(made.map((charge) => [charge.amount, charge.status])).toEqual([['2250', 'CAPTURED']]);
  });

  it('is refused when the fee went down or away too: the payer is charged what they confirmed or nothing', async () => {
    await setConvenienceFee({ kind: 'PERCENT', percentBasisPoints: 295, minimum: '1.00' });
    expect(await quote('100.00')).toBe('2.95');
    await setConvenienceFee({ kind: 'NONE' });
    const charges = (await processorCharges(platform)).length;
    const refused = await pay(guest, await guestPayment('10-1002-00', '100.00', { confirmedTotal: '102.95' }));
    expect(refused.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'confirmedTotal'], code: 'FEE_CHANGED', message: expect.stringContaining('is $100.00, with no convenience fee, not the $102.95 confirmed.') }),
    ]);
    expect(await processorCharges(platform)).toHaveLength(charges);
  });

  it('is charged as before when no total is confirmed (a caller with no quote of its own, like the phone line)', async () => {
    await setConvenienceFee({ kind: 'FLAT', amount: '1.95' });
    await setConvenienceFee({ kind: 'FLAT', amount: '2.50' });
    const paid = await pay(guest, await guestPayment('10-1003-00', '10.00'));
    expect(paid.userErrors).toEqual([]);
    expect(paid.payment).toMatchObject({ status: 'CAPTURED', convenienceFee: { amount: '2.50' }, total: { amount: '12.50' } });
  });

  it('retried under its key after the fee changed, is answered as the payment made at the total confirmed; the key with another total is a different request', async () => {
    await setConvenienceFee({ kind: 'FLAT', amount: '1.00' });
    const input = await guestPayment('10-1004-00', '10.00', { confirmedTotal: '11.00' });
    const first = await pay(guest, input);
    expect(first.payment).toMatchObject({ status: 'CAPTURED', total: { amount: '11.00' } });
    await setConvenienceFee({ kind: 'FLAT', amount: '3.00' });
    const charges = (await processorCharges(platform)).length;

    // The retry of a lost answer: same key, same request, and the same total written another way.
    for (const confirmedTotal of ['11.00', '11']) {
      const retry = await pay(guest, { ...input, confirmedTotal });
      expect(retry.userErrors).toEqual([]);
      expect(retry.payment).toEqual(first.payment);
    }
    // Under the key, a request confirming another total is not this payer's retry: not told "paid" at a total it never confirmed.
    const other = await pay(guest, { ...input, confirmedTotal: '13.00' });
    expect(other).toMatchObject({ payment: null, userErrors: [{ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED' }] });
    expect(await processorCharges(platform)).toHaveLength(charges);
  });
});

describe('a payment retried after the city changed its rules', () => {
  it('is answered as the payment already made when the city has lowered its maximum below it since, not refused', async () => {
    const { tenant } = await guest.data<{ tenant: { paymentRules: { maxPaymentAmount: { amount: string } } } }>('{ tenant { paymentRules { maxPaymentAmount { amount } } } }');
    const setMaximum = (maxPaymentAmount: string) => changeCitySettings(platform, 'norwalk', { paymentRules: { maxPaymentAmount } });
    const input = await guestPayment('10-1001-00', '20.00');
    const first = await pay(guest, input);
    expect(first.payment?.status).toBe('CAPTURED');
    const charges = (await processorCharges(platform)).length;
    await setMaximum('10.00');
    try {
      // The answer was lost; the page retries under the same key: the resident was charged, and is told so.
      const retry = await pay(guest, input);
      expect(retry.userErrors).toEqual([]);
      expect(retry.payment).toMatchObject({ id: first.payment!.id, status: 'CAPTURED' });
      // A new payment over the maximum is refused, as ever.
      expect((await pay(guest, await guestPayment('10-1001-00', '20.00'))).userErrors.map((e) => e.code)).toEqual(['AMOUNT_TOO_LARGE']);
      expect(await processorCharges(platform)).toHaveLength(charges);
    } finally {
      await setMaximum(tenant.paymentRules.maxPaymentAmount.amount);
    }
  });
});

describe('a confirmed total that is not the amount plus the fee', () => {
  it('is refused with the true total, fee and amount, and no word of a change the city never made', async () => {
    // Norwalk has no convenience fee, and never had one here; the page sent a total 1 cent off.
    const charges = (await processorCharges(platform)).length;
    const refused = await pay(guest, await guestPayment('10-1004-00', '20.00', { confirmedTotal: '20.01' }));
    expect(refused.payment).toBeNull();
    expect(refused.userErrors).toEqual([
      {
        field: ['input', 'confirmedTotal'],
        code: 'FEE_CHANGED',
        message: 'The total for a payment of $20.00 is $20.00, with no convenience fee, not the $20.01 confirmed. Nothing was charged. Please check the total and confirm again.',
      },
    ]);
    expect(await processorCharges(platform)).toHaveLength(charges);
  });
});
