import { houseNumberOf, parseFactor } from './account-proof';

describe('houseNumberOf', () => {
  it.each([
    ['12700 Norwalk Blvd', '12700'],
    ['1200 W Lindsey St', '1200'],
    ['  305 E Main St', '305'],
    ['1200-B Elm St', '1200B'],
    ['1200b Elm St', '1200B'],
    ['12 Oak Ave Apt 4', '12'],
    ['4521 1/2 Elm St', '4521 1/2'],
    ['4521½ Elm St', '4521 1/2'],
    ['4521-1/2 Elm St', '4521 1/2'],
    ['4521 1\u20442 Elm St', '4521 1/2'],
    ['1200-B 1/2 Elm St', '1200B 1/2'],
    ['１２７００ Norwalk Blvd', '12700'],
    ['123/125 Main St', '123'],
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

  // A back house ("4521 1/2 Elm St") is proved by its number however the half is typed, and only by it: the front
  // house's number alone is another address.
  it.each(['4521 1/2', '4521½', '4521 ½', '4521-1/2', '45211/2', '4521 1\u20442', '4521 1\u22152'])('reads the house number %j as the address "4521 1/2 Elm St" has it', (typed) => {
    expect(parseFactor('SERVICE_HOUSE_NUMBER', { accountNumber: '1', serviceHouseNumber: typed })).toEqual({ ok: true, value: { kind: 'TEXT', text: houseNumberOf('4521 1/2 Elm St') } });
  });

  it.each(['4521', '45211', '4521 1/4'])('does not read %j as the house number of "4521 1/2 Elm St"', (typed) => {
    expect(parseFactor('SERVICE_HOUSE_NUMBER', { accountNumber: '1', serviceHouseNumber: typed })).not.toEqual({ ok: true, value: { kind: 'TEXT', text: houseNumberOf('4521 1/2 Elm St') } });
  });
});
