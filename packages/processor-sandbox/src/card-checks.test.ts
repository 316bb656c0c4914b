import { abaRoutingValid, cardBrandOf, cardUnexpired, cvcValid, luhnValid } from './card-checks';

describe('luhnValid', () => {
  it.each(['4242424242424242', '5555555555554444', '378282246310005', '6011111111111117', '4000000000000002', '79927398713'])('accepts %s', (number) => {
    expect(luhnValid(number)).toBe(true);
  });

  it.each(['4242424242424241', '4242424242424224', '79927398710', '1', '', '4242 4242 4242 4242', '42424242424242x2'])('refuses %j', (number) => {
    expect(luhnValid(number)).toBe(false);
  });
});

describe('cardBrandOf', () => {
  it.each([
    ['4242424242424242', 'VISA'],
    ['5105105105105100', 'MASTERCARD'],
    ['2221000000000009', 'MASTERCARD'],
    ['2720990000000007', 'MASTERCARD'],
    ['378282246310005', 'AMERICAN_EXPRESS'],
    ['340000000000009', 'AMERICAN_EXPRESS'],
    ['6011111111111117', 'DISCOVER'],
    ['6440000000000000', 'DISCOVER'],
    ['6500000000000002', 'DISCOVER'],
  ])('%s is %s', (number, brand) => {
    expect(cardBrandOf(number)).toBe(brand);
  });

  it.each(['5000000000000000', '2220990000000000', '2721000000000000', '3530111333300000', '6012000000000000', '6430000000000000', '', '42x'])('%j is no brand the sandbox takes', (number) => {
    expect(cardBrandOf(number)).toBeNull();
  });
});

describe('cvcValid', () => {
  it('wants 4 digits for American Express and 3 for the others', () => {
    expect(cvcValid('1234', 'AMERICAN_EXPRESS')).toBe(true);
    expect(cvcValid('123', 'AMERICAN_EXPRESS')).toBe(false);
    expect(cvcValid('123', 'VISA')).toBe(true);
    expect(cvcValid('012', 'DISCOVER')).toBe(true);
    expect(cvcValid('1234', 'MASTERCARD')).toBe(false);
    expect(cvcValid('12a', 'VISA')).toBe(false);
    expect(cvcValid('', 'VISA')).toBe(false);
  });
});

describe('cardUnexpired', () => {
  it('keeps a card good through the last day of its month', () => {
    const now = new Date('2026-03-31T11:00:00Z');
    expect(cardUnexpired(3, 2026, now)).toBe(true);
    expect(cardUnexpired(2, 2026, now)).toBe(false);
    expect(cardUnexpired(1, 2027, now)).toBe(true);
    expect(cardUnexpired(12, 2025, now)).toBe(false);
  });

  it('keeps it good until the month has ended in UTC-12, the last place it ends', () => {
    expect(cardUnexpired(3, 2026, new Date('2026-04-01T11:59:00Z'))).toBe(true);
    expect(cardUnexpired(3, 2026, new Date('2026-04-01T12:00:00Z'))).toBe(false);
  });

  it.each([
    [0, 2027],
    [13, 2027],
    [1.5, 2027],
    [6, 2027.5],
    [Number.NaN, 2027],
  ])('refuses month %p year %p', (month, year) => {
    expect(cardUnexpired(month, year, new Date('2026-03-31T11:00:00Z'))).toBe(false);
  });
});

describe('abaRoutingValid', () => {
  it.each(['110000000', '021000021', '011000015', '322271627', '800000006'])('accepts %s', (routing) => {
    expect(abaRoutingValid(routing)).toBe(true);
  });

  it.each([
    ['110000001', 'checksum'],
    ['021000012', 'checksum'],
    ['11000000', 'too short'],
    ['1100000000', 'too long'],
    ['11000000a', 'not digits'],
    ['130000006', 'first two digits outside every range'],
    ['500000005', 'first two digits outside every range'],
  ])('refuses %s (%s)', (routing) => {
    expect(abaRoutingValid(routing)).toBe(false);
  });
});
