import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { importCsv, signInStaff } from '../billing/billing-api';
import { countRows, outboxFor } from '../customers/customer-api';
import { CARDS, PAYMENT_BY_CONFIRMATION, amountDue, cardToken, newKey, pay, processorCharges, type PaymentShape } from './payments-api';

// 10:00 in Norwalk, 12:00 in Norman, on Monday 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true, jobs: true });
});
afterAll(() => platform.close());

let nextAddress = 1;
const guest = (slug: string) => platform.client.asTenant(slug).withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });

describe('a guest pays a Norwalk bill in three steps', () => {
  it('looks up, tokenizes at the processor, pays; gets a confirmation number, a posting date and a receipt', async () => {
    const norwalk = guest('norwalk');
    // 1. Look up the account from the paper bill.
    expect(await amountDue(norwalk, { accountNumber: '10-1002-00' })).toEqual({ due: '313.00', pending: '0.00' });
    // 2. The front end learns where to tokenize and sends the card there, never to the platform.
    const { tenant } = await norwalk.data<{ tenant: { payments: { tokenizeUrl: string; hostedFieldsUrl: string; acceptedCardBrands: string[]; convenienceFee: string } } }>(
      '{ tenant { payments { tokenizeUrl hostedFieldsUrl acceptedCardBrands convenienceFee } } }',
    );
    expect(tenant.payments.tokenizeUrl).toBe(`${platform.processorUrl}/v1/tokens`);
    // Or the processor's hosted form, framed by the page, which tokenizes there and hands the page only the token.
    expect(tenant.payments.hostedFieldsUrl).toBe(`${platform.processorUrl}/v1/hosted-fields`);
    expect(tenant.payments.acceptedCardBrands).not.toContain('DISCOVER');
    const token = await cardToken(platform, CARDS.visa);
    // 3. Pay with the token.
    const result = await pay(norwalk, { idempotencyKey: newKey(), allocations: [{ accountNumber: '10 1002 00', amount: '313.00' }], token, payerEmail: 'Guest.Payer@example.com' });
    expect(result.userErrors).toEqual([]);
    expect(result.payment).toMatchObject({
      status: 'CAPTURED',
      amount: { amount: '313.00' },
      convenienceFee: { amount: '0.00' },
      total: { amount: '313.00' },
      method: { kind: 'CARD', brand: 'VISA', last4: '4242' },
      // Made before midnight Pacific: posts the next day.
      expectedPostingDate: '2026-11-24',
    });
    expect(result.payment!.confirmationNumber).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(result.receiptToken).toEqual(expect.any(String));

    // The balance shows it pending at once, so nobody pays twice.
    expect(await amountDue(guest('norwalk'), { accountNumber: '10-1002-00' })).toEqual({ due: '0.00', pending: '313.00' });
    // A receipt in the outbox, and the guest can see the payment again with the receipt token.
    const [receipt] = await outboxFor(platform, 'norwalk', 'guest.payer@example.com', 'PAYMENT_RECEIPT');
    expect(receipt?.data).toMatchObject({ confirmationNumber: result.payment!.confirmationNumber, amount: '$313.00', expectedPostingDate: '2026-11-24' });
    const again = await guest('norwalk').data<{ paymentByConfirmation: PaymentShape | null }>(PAYMENT_BY_CONFIRMATION, {
      number: result.payment!.confirmationNumber.toLowerCase().replace(/-/g, ' '),
      token: result.receiptToken,
    });
    expect(again.paymentByConfirmation?.id).toBe(result.payment!.id);
    const wrong = await guest('norwalk').data<{ paymentByConfirmation: PaymentShape | null }>(PAYMENT_BY_CONFIRMATION, { number: result.payment!.confirmationNumber, token: 'not-the-token' });
    expect(wrong.paymentByConfirmation).toBeNull();
    // The refunds and voids asked of it are staff's and the operator's, not the guest's.
    const operations = await guest('norwalk').request(
      'query Receipt($number: String!, $token: String!) { paymentByConfirmation(confirmationNumber: $number, receiptToken: $token) { id operations { kind } } }',
      { number: result.payment!.confirmationNumber, token: result.receiptToken },
    );
    expect(operations.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);

    // Posting day comes: the posting job moves it to the ledger.
    clock.set(new Date('2026-11-24T16:00:00Z'));
    await platform.runJob('payments.post');
    const posted = await guest('norwalk').data<{ paymentByConfirmation: PaymentShape | null }>(PAYMENT_BY_CONFIRMATION, { number: result.payment!.confirmationNumber, token: result.receiptToken });
    expect(posted.paymentByConfirmation?.status).toBe('POSTED');
    expect(await amountDue(guest('norwalk'), { accountNumber: '10-1002-00' })).toEqual({ due: '0.00', pending: '0.00' });
    clock.set(new Date('2026-11-23T18:00:00Z'));
  });
});

describe('refusals, each with the right userError and nothing posted', () => {
  const cases: [string, string, string, string][] = [
    ['a generic decline', CARDS.genericDecline, 'CARD_DECLINED', 'GENERIC_DECLINE'],
    ['insufficient funds', CARDS.insufficientFunds, 'INSUFFICIENT_FUNDS', 'INSUFFICIENT_FUNDS'],
    ['an expired card', CARDS.expiredCard, 'EXPIRED_CARD', 'EXPIRED_CARD'],
    ['a processing error', CARDS.processingError, 'PROCESSING_ERROR', 'PROCESSING_ERROR'],
  ];
  it.each(cases)('%s', async (_name, number, code, declineCode) => {
    const before = await amountDue(guest('norwalk'), { accountNumber: '10-1001-00' });
    const result = await pay(guest('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1001-00', amount: '10.00' }],
      token: await cardToken(platform, number),
      payerEmail: 'declined@example.com',
    });
    // One shape for every decline: the payment, with its confirmation number, and one userError at the method's argument.
    expect(result.userErrors).toEqual([{ field: ['input', 'token'], code, message: expect.any(String) }]);
    expect(result.payment).toMatchObject({ status: 'DECLINED', declineCode, confirmationNumber: expect.stringMatching(/^\w{4}-\w{4}-\w{4}$/) });
    expect(await amountDue(guest('norwalk'), { accountNumber: '10-1001-00' })).toEqual(before);
  });

  it('refuses Discover at Norwalk before anything reaches the processor', async () => {
    const charges = (await processorCharges(platform)).length;
    const payments = await countRows(platform, 'norwalk', 'payments');
    const result = await pay(guest('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1001-00', amount: '10.00' }],
      token: await cardToken(platform, CARDS.discover),
      payerEmail: 'discover@example.com',
    });
    expect(result.payment).toBeNull();
    expect(result.userErrors).toEqual([{ field: ['input', 'token'], code: 'CARD_BRAND_NOT_ACCEPTED', message: 'Discover is not accepted here. Accepted cards: Visa, Mastercard, American Express.' }]);
    expect((await processorCharges(platform)).length).toBe(charges);
    expect(await countRows(platform, 'norwalk', 'payments')).toBe(payments);
  });

  it('never takes a card number where a token belongs, and keeps no trace of it', async () => {
    const result = await pay(guest('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1001-00', amount: '10.00' }],
      token: '4242 4242 4242 4242',
      payerEmail: 'leaky@example.com',
    });
    expect(result).toEqual({ payment: null, receiptToken: null, userErrors: [expect.objectContaining({ field: ['input', 'token'], code: 'CARD_NUMBER_NOT_ACCEPTED' })] });
    expect(platform.logLines().join('\n')).not.toMatch(/4242\s?4242\s?4242\s?4242/);
  });

  it('checks amounts, allocations, method and email, all at once, writing nothing', async () => {
    const payments = await countRows(platform, 'norwalk', 'payments');
    const result = await pay(guest('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1001-00', amount: '0' }, { accountNumber: '10-1002-00', amount: '1.234' }, { accountNumber: '10-1003-00', amount: '-5.00' }, { amount: '5.00' }],
      payerEmail: 'not-an-email',
    });
    expect(result.userErrors.map((e) => [e.field.join('.'), e.code]).sort()).toEqual([
      ['input', 'REQUIRED'],
      ['input.allocations.0.amount', 'INVALID_AMOUNT'],
      ['input.allocations.1.amount', 'INVALID_AMOUNT'],
      ['input.allocations.2.amount', 'INVALID_AMOUNT'],
      ['input.allocations.3', 'REQUIRED'],
      ['input.payerEmail', 'INVALID_EMAIL'],
    ]);
    const tooMuch = await pay(guest('norwalk'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1001-00', amount: '10000.01' }],
      token: await cardToken(platform),
      payerEmail: 'big@example.com',
    });
    expect(tooMuch.userErrors[0]?.code).toBe('AMOUNT_TOO_LARGE');
    expect(await countRows(platform, 'norwalk', 'payments')).toBe(payments);
  });
});

describe('Norman guests', () => {
  it('pay an account with its number and last payment amount, and are refused without the right amount', async () => {
    const wrong = await pay(guest('norman'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '2001-0417', lastPaymentAmount: '1.00', amount: '20.00' }],
      token: await cardToken(platform),
      payerEmail: 'okie@example.com',
    });
    expect(wrong.userErrors).toEqual([expect.objectContaining({ code: 'VERIFICATION_FAILED' })]);
    const right = await pay(guest('norman'), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '2001-0417', lastPaymentAmount: '100.65', amount: '20.00' }],
      token: await cardToken(platform),
      payerEmail: 'okie@example.com',
    });
    expect(right.payment?.status).toBe('CAPTURED');
    // Noon in Norman, before midnight Central: posts the next day.
    expect(right.payment?.expectedPostingDate).toBe('2026-11-24');
  });

  it('pay a citation on its own', async () => {
    const staff = await signInStaff(platform, 'norman', 'SUPPORT');
    await importCsv(staff, ['bill_number,account_number,kind,issue_date,due_date,other', 'CIT-4401,2002-0933,CITATION,2026-11-01,2026-12-01,75.00'].join('\n'));
    const find = `mutation { lookupPayable(input: { referenceNumber: "CIT-4401" }) { payable { payableId amountDue { amount } } } }`;
    const found = await guest('norman').data<{ lookupPayable: { payable: { payableId: string; amountDue: { amount: string } } } }>(find);
    expect(found.lookupPayable.payable.amountDue.amount).toBe('75.00');
    const paid = await pay(guest('norman'), {
      idempotencyKey: newKey(),
      allocations: [{ payableId: found.lookupPayable.payable.payableId, amount: '75.00' }],
      token: await cardToken(platform),
      payerEmail: 'cited@example.com',
    });
    expect(paid.userErrors).toEqual([]);
    expect(paid.payment?.allocations).toEqual([expect.objectContaining({ payableId: found.lookupPayable.payable.payableId, amount: { amount: '75.00' } })]);
    const after = await guest('norman').data<{ lookupPayable: { payable: { amountDue: { amount: string } } } }>(find);
    expect(after.lookupPayable.payable.amountDue.amount).toBe('0.00');
  });
});

describe('idempotency', () => {
  it('answers a retry with the same payment and refuses the key for a different request', async () => {
    const key = newKey();
    const input = { idempotencyKey: key, allocations: [{ accountNumber: '10-1003-00', amount: '5.00' }], token: await cardToken(platform), payerEmail: 'retry@example.com' };
    const first = await pay(guest('norwalk'), input);
    const second = await pay(guest('norwalk'), input);
    expect(second).toEqual(first);
    const changed = await pay(guest('norwalk'), { ...input, allocations: [{ accountNumber: '10-1003-00', amount: '6.00' }] });
    expect(changed).toEqual({ payment: null, receiptToken: null, userErrors: [expect.objectContaining({ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED' })] });
  });

  it("refuses a key of the phone line's own form, which would answer a call with another's payment", async () => {
    const input = {
      idempotencyKey: 'phone:CA0123456789abcdef0123456789abcdef:1',
      allocations: [{ accountNumber: '10-1003-00', amount: '5.00' }],
      token: await cardToken(platform),
      payerEmail: 'squatter@example.com',
    };
    const before = (await processorCharges(platform)).length;
    expect(await pay(guest('norwalk'), input)).toEqual({ payment: null, receiptToken: null, userErrors: [expect.objectContaining({ field: ['input', 'idempotencyKey'], code: 'INVALID' })] });
    expect(await processorCharges(platform)).toHaveLength(before);
    expect((await pay(guest('norwalk'), { ...input, idempotencyKey: 'web:CA0123456789abcdef0123456789abcdef:1' })).payment?.status).toBe('CAPTURED');
  });

  it('makes one payment and one processor charge from 20 identical requests at once', async () => {
    const input = { idempotencyKey: newKey('burst'), allocations: [{ accountNumber: '10-1004-00', amount: '7.00' }], token: await cardToken(platform), payerEmail: 'burst@example.com' };
    const before = (await processorCharges(platform)).length;
    const results = await Promise.all(Array.from({ length: 20 }, () => pay(guest('norwalk'), input)));
    expect(new Set(results.map((r) => r.payment?.id)).size).toBe(1);
    expect(results.every((r) => r.payment?.status === 'CAPTURED' && r.userErrors.length === 0)).toBe(true);
    const charges = await processorCharges(platform);
    expect(charges.length).toBe(before + 1);
  });

  it('lands 20 different payments on one account at once, with the right balance', async () => {
    const before = await amountDue(guest('norwalk'), { accountNumber: '10-1003-00' });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => cardToken(platform)));
    const results = await Promise.all(
      tokens.map((token, i) =>
        pay(guest('norwalk'), { idempotencyKey: newKey(`many${i}`), allocations: [{ accountNumber: '10-1003-00', amount: '1.05' }], token, payerEmail: `many${i}@example.com` }),
      ),
    );
    expect(results.map((r) => r.payment?.status)).toEqual(Array(20).fill('CAPTURED'));
    const after = await amountDue(guest('norwalk'), { accountNumber: '10-1003-00' });
    const cents = (amount: string) => BigInt(amount.replace('.', ''));
    expect(cents(after.pending) - cents(before.pending)).toBe(2100n);
  });
});
