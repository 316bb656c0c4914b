import { houseNumberOf, parseFactor } from './account-proof';

describe('houseNumberOf', () => {
  it.each([
    ['12700 Norwalk Blvd', '12700'],
    ['1200 W Lindsey St', '1200'],
    ['  305 E Main St', '305'],
    ['1200-B Elm St', '1200B'],
    ['1200b Elm St', '1200B'],
    ['12 Oak Ave Apt 4', '12'],
    ['One Civic Center Dr', null],
  ])('%s -> %s', (line, expected) => {
    expect(houseNumberOf(line)).toBe(expected);
  });
});

describe('parseFactor', () => {
  it('needs the field the factor names, and reads amounts as cents', () => {
    expect(parseFactor('NONE', { accountNumber: '1' })).toEqual({ ok: true, value: { kind: 'NONE' } });
    expect(parseFactor('LATEST_BILL_AMOUNT', { accountNumber: '1', lastPaymentAmount: '88.05' })).toEqual({ ok: false, field: 'latestBillAmount', problem: 'REQUIRED' });
    expect(parseFactor('LATEST_BILL_AMOUNT', { accountNumber: '1', latestBillAmount: ' 88.05 ' })).toEqual({ ok: true, value: { kind: 'CENTS', cents: 8805n } });
    expect(parseFactor('LAST_PAYMENT_AMOUNT', { accountNumber: '1', lastPaymentAmount: '4O.00' })).toEqual({ ok: false, field: 'lastPaymentAmount', problem: 'INVALID_AMOUNT' });
    expect(parseFactor('SERVICE_HOUSE_NUMBER', { accountNumber: '1', serviceHouseNumber: ' 1200-b ' })).toEqual({ ok: true, value: { kind: 'TEXT', text: '1200B' } });
  });
});
