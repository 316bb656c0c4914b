import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { importCsv, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { REFUND, cardToken, newKey, pay, type PaymentShape } from './payments-api';

// Noon in Norman, 10:00 in Norwalk, on Monday 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let normanStaff: GraphQLTestClient;
let norwalkStaff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
  normanStaff = await signInStaff(platform, 'norman', 'SUPPORT');
  norwalkStaff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  await importCsv(normanStaff, ['bill_number,account_number,kind,issue_date,due_date,other', 'CIT-5501,2002-0933,CITATION,2026-11-01,2026-12-01,15.00'].join('\n'));
});
afterAll(() => platform.close());

let nextAddress = 1;
const guest = (slug: string, language = 'en') => platform.client.asTenant(slug).withHeaders({ 'x-forwarded-for': `192.0.2.${nextAddress++}`, 'accept-language': language });
type Payload = { payment: PaymentShape | null; userErrors: { field: string[]; code: string; message: string }[] };
const setMaximum = (slug: string, amount: string) =>
  platform.operator.data(`mutation { updateTenant(slug: "${slug}", input: { paymentRules: { maxPaymentAmount: "${amount}" } }) { userErrors { code } } }`);

describe('amounts in messages and emails go through the money helpers', () => {
  it('states the maximum payment with its cents and thousands, in the payer’s language', async () => {
    await setMaximum('norwalk', '2500.50');
    try {
      const input = { idempotencyKey: newKey('max'), allocations: [{ accountNumber: '10-1001-00', amount: '2500.51' }], token: await cardToken(platform), payerEmail: 'max@example.com' };
      expect((await pay(guest('norwalk'), input)).userErrors).toEqual([expect.objectContaining({ code: 'AMOUNT_TOO_LARGE', message: 'One payment can be at most $2,500.50.' })]);
      expect((await pay(guest('norwalk', 'es'), { ...input, idempotencyKey: newKey('max') })).userErrors).toEqual([
        expect.objectContaining({ code: 'AMOUNT_TOO_LARGE', message: 'Un pago puede ser como máximo de $2,500.50.' }),
      ]);
    } finally {
      await setMaximum('norwalk', '10000.00');
    }
  });

  it('states what is left to refund, and the refunded amount in the email, as money', async () => {
    const paid = await pay(guest('norwalk'), {
      idempotencyKey: newKey('big'),
      allocations: [{ accountNumber: '10-1001-00', amount: '1500.00' }],
      token: await cardToken(platform),
      payerEmail: 'big@example.com',
    });
    const refund = async (amount: string) =>
      (await norwalkStaff.data<{ refundPayment: Payload }>(REFUND, { input: { paymentId: paid.payment!.id, amount, reason: 'Overpaid', idempotencyKey: newKey('refund') } })).refundPayment;
    expect((await refund('1500.01')).userErrors).toEqual([expect.objectContaining({ code: 'REFUND_TOO_LARGE', message: 'At most $1,500.00 is left to refund.' })]);
    expect((await refund('20.00')).userErrors).toEqual([]);
    const [email] = await tenantRows<{ data: Record<string, string> }>(
      platform,
      'norwalk',
      `SELECT data FROM notification_outbox WHERE recipient = 'big@example.com' AND template = 'PAYMENT_REFUNDED'`,
    );
    expect(email?.data.refundedAmount).toBe('$20.00');
  });
});

describe('a receipt names what it paid', () => {
  const RECEIPT = `query Receipt($number: String!, $token: String!) {
    paymentByConfirmation(confirmationNumber: $number, receiptToken: $token) { allocations { maskedAccountNumber payable { kind referenceNumber } amount { amount } } }
  }`;

  it('each allocation shows the masked account number or the payable number, on the API and in the receipt email', async () => {
    const { lookupPayable } = await guest('norman').data<{ lookupPayable: { payable: { payableId: string } } }>(
      'mutation { lookupPayable(input: { referenceNumber: "CIT-5501" }) { payable { payableId } } }',
    );
    const paid = await pay(guest('norman'), {
      idempotencyKey: newKey('two'),
      allocations: [
        { accountNumber: '2001-0417', lastPaymentAmount: '100.65', amount: '20.00' },
        { payableId: lookupPayable.payable.payableId, amount: '15.00' },
      ],
      token: await cardToken(platform),
      payerEmail: 'two-things@example.com',
    });
    expect(paid.userErrors).toEqual([]);
    const { paymentByConfirmation } = await guest('norman').data<{ paymentByConfirmation: { allocations: unknown[] } }>(RECEIPT, {
      number: paid.payment!.confirmationNumber,
      token: paid.receiptToken,
    });
    expect(paymentByConfirmation.allocations).toEqual([
      { maskedAccountNumber: '****-0417', payable: null, amount: { amount: '20.00' } },
      { maskedAccountNumber: '****-0933', payable: { kind: 'CITATION', referenceNumber: 'CIT-5501' }, amount: { amount: '15.00' } },
    ]);
    const [email] = await tenantRows<{ data: Record<string, string> }>(
      platform,
      'norman',
      `SELECT data FROM notification_outbox WHERE recipient = 'two-things@example.com' AND template = 'PAYMENT_RECEIPT'`,
    );
    expect(email?.data.allocations).toBe('Account ending in 0 4 1 7: $20.00\nCitation CIT-5501: $15.00');
    // The full account number is on no receipt.
    expect(JSON.stringify(email?.data)).not.toContain('2001-0417');
  });
});
