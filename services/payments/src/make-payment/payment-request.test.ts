// The API kit's GraphQL types need the metadata polyfill, which @platform/db loads, as the gateway does at start-up.
import '@platform/db';
import { UserErrorCode } from '@platform/core';
import { checkPaymentRequest, MAX_ALLOCATIONS, type PaymentRequest } from './payment-request';

const limits = { maxPaymentCents: 1_000_000n, locale: 'en' as const };
const guest = { ...limits, guest: true };
const customer = { ...limits, guest: false };
const problems = (request: PaymentRequest, options = guest) => {
  const checked = checkPaymentRequest(request, options);
  return checked.ok ? [] : checked.userErrors.map((e) => [e.field.join('.'), e.code]).sort();
};
const valid: PaymentRequest = { idempotencyKey: 'k-1', allocations: [{ accountNumber: ' 10-1001-00 ', amount: '85.85' }], token: 'tok_abcdefgh', payerEmail: ' Pat@Example.com ' };

describe('checkPaymentRequest', () => {
  it('answers the request as makePayment uses it: cents, trimmed text, the email in its one form, one method', () => {
    expect(checkPaymentRequest(valid, guest)).toEqual({
      ok: true,
      value: {
        allocations: [{ index: 0, serviceAccountId: null, accountNumber: '10-1001-00', lastPaymentAmount: null, payableId: null, amountCents: 8585n }],
        method: { token: 'tok_abcdefgh' },
        payerEmail: 'pat@example.com',
        confirmedTotalCents: null,
        paysAmountDue: false,
      },
    });
  });

  it('takes a confirmed total in exact cents, and refuses one that is not an amount, blank included', () => {
    const confirmed = checkPaymentRequest({ ...valid, confirmedTotal: ' 87.8 ' }, guest);
    expect(confirmed.ok && confirmed.value.confirmedTotalCents).toBe(8780n);
    for (const confirmedTotal of ['', '0.00', '-1.00', '87.805', 'ten']) expect(problems({ ...valid, confirmedTotal })).toEqual([['input.confirmedTotal', UserErrorCode.INVALID_AMOUNT]]);
  });

  it('reports every problem at once, each at its path into the arguments, cross-field ones too', () => {
    const request = {
      idempotencyKey: 'has space',
      allocations: [{ accountNumber: 'A', amount: '0' }, { amount: '1.234' }, { serviceAccountId: 'x', accountNumber: 'y', amount: '5' }],
      payerEmail: 'nope',
    };
    expect(problems(request)).toEqual([
      ['input', UserErrorCode.REQUIRED],
      ['input.allocations.0.amount', UserErrorCode.INVALID_AMOUNT],
      ['input.allocations.1', UserErrorCode.REQUIRED],
      ['input.allocations.1.amount', UserErrorCode.INVALID_AMOUNT],
      ['input.allocations.2', UserErrorCode.REQUIRED],
      ['input.allocations.2.serviceAccountId', UserErrorCode.ACCOUNT_NOT_LINKED],
      ['input.idempotencyKey', UserErrorCode.INVALID],
      ['input.payerEmail', UserErrorCode.INVALID_EMAIL],
    ]);
  });

  it('tells a missing key, email and allocations from malformed ones', () => {
    expect(problems({ idempotencyKey: '', allocations: [], token: 'tok_abcdefgh', payerEmail: '  ' })).toEqual([
      ['input.allocations', UserErrorCode.REQUIRED],
      ['input.idempotencyKey', UserErrorCode.REQUIRED],
      ['input.payerEmail', UserErrorCode.REQUIRED],
    ]);
    expect(problems({ ...valid, payerEmail: null }, customer)).toEqual([]);
  });

  it('takes no receipt email that delivery would not send to', () => {
    for (const payerEmail of ['pat@example.com;', 'lee@example.com,', '<kim@example.com>'])
      expect([payerEmail, problems({ ...valid, payerEmail })]).toEqual([payerEmail, [['input.payerEmail', UserErrorCode.INVALID_EMAIL]]]);
  });

  it('never takes a card number where a token belongs, and keeps guests to what they may use', () => {
    expect(problems({ ...valid, token: '4242-4242-4242-4242' })).toEqual([['input.token', UserErrorCode.CARD_NUMBER_NOT_ACCEPTED]]);
    expect(problems({ ...valid, token: '12345678' })).toEqual([['input.token', UserErrorCode.INVALID_TOKEN]]);
    expect(problems({ ...valid, token: null, savedMethodId: 'a1b2' })).toEqual([['input.savedMethodId', UserErrorCode.METHOD_NOT_FOUND]]);
    expect(problems({ ...valid, token: null, savedMethodId: 'a1b2' }, customer)).toEqual([]);
    expect(problems({ ...valid, savedMethodId: 'a1b2' }, customer)).toEqual([['input', UserErrorCode.REQUIRED]]);
  });

  it('bounds allocations, and checks the total against the city limit once the amounts are good', () => {
    const many = Array.from({ length: MAX_ALLOCATIONS + 1 }, (_, i) => ({ accountNumber: `A${i}`, amount: '1.00' }));
    expect(problems({ ...valid, allocations: many })).toEqual([['input.allocations', UserErrorCode.TOO_MANY_ALLOCATIONS]]);
    const tooMuch = checkPaymentRequest({ ...valid, allocations: [{ accountNumber: 'A', amount: '10000.01' }] }, guest);
    expect(tooMuch).toEqual({ ok: false, userErrors: [{ field: ['input', 'allocations'], code: UserErrorCode.AMOUNT_TOO_LARGE, message: 'One payment can be at most $10,000.00.' }] });
  });
});
