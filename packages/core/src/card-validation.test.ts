import { abaRoutingValid, cardBrandOf, containsCardNumber, cvcValid, expiryValid, looksLikeCardNumber, luhnValid } from './card-validation';

describe('luhnValid', () => {
  it.each(['4242424242424242', '5555555555554444', '378282246310005', '6011111111111117', '4000000000000002', '4000000000009995', '4000000000000069', '4000000000000119', '79927398713'])(
    'accepts %s',
    (number) => {
      expect(luhnValid(number)).toBe(true);
    },
  );

  it.each(['4242424242424241', '4242424242424224', '79927398710', '1', '', '4242 4242 4242 4242', '42424242424242x2'])('refuses %j', (number) => {
    expect(luhnValid(number)).toBe(false);
  });
});

describe('cardBrandOf', () => {
  it.each([
    ['4242424242424242', 'VISA'],
    ['4', 'VISA'],
    ['5105105105105100', 'MASTERCARD'],
    ['5555555555554444', 'MASTERCARD'],
    ['2221000000000009', 'MASTERCARD'],
    ['2720990000000007', 'MASTERCARD'],
    ['378282246310005', 'AMERICAN_EXPRESS'],
    ['340000000000009', 'AMERICAN_EXPRESS'],
    ['6011111111111117', 'DISCOVER'],
    ['6440000000000000', 'DISCOVER'],
    ['6490000000000000', 'DISCOVER'],
    ['6500000000000002', 'DISCOVER'],
  ])('%s is %s', (number, brand) => {
    expect(cardBrandOf(number)).toBe(brand);
  });

  it.each(['5000000000000000', '5600000000000000', '2220990000000000', '2721000000000000', '3530111333300000', '6012000000000000', '6430000000000000', '', '42x', '5'])(
    '%j is no brand we route',
    (number) => {
      expect(cardBrandOf(number)).toBeNull();
    },
  );
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

describe('expiryValid', () => {
  const now = new Date('2026-03-31T23:30:00Z');

  it('keeps a card good through the last day of its month', () => {
    expect(expiryValid(3, 2026, now)).toBe(true);
    expect(expiryValid(2, 2026, now)).toBe(false);
    expect(expiryValid(1, 2027, now)).toBe(true);
    expect(expiryValid(12, 2025, now)).toBe(false);
  });

  it('reads the month on the given time zone calendar', () => {
    const aprilInUtc = new Date('2026-04-01T03:00:00Z');
    expect(expiryValid(3, 2026, aprilInUtc)).toBe(false);
    expect(expiryValid(3, 2026, aprilInUtc, 'America/Los_Angeles')).toBe(true);
  });

  it.each([
    [0, 2027],
    [13, 2027],
    [1.5, 2027],
    [6, 2027.5],
    [Number.NaN, 2027],
  ])('refuses month %p year %p', (month, year) => {
    expect(expiryValid(month, year, now)).toBe(false);
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

describe('looksLikeCardNumber', () => {
  it.each(['4242424242424242', '378282246310005', '4242 4242 4242 4242', '4242-4242-4242-4242', '4222222222222', '6011000000000000001'])('flags %j', (text) => {
    expect(looksLikeCardNumber(text)).toBe(true);
  });

  it.each(['4242424242424241', '424242424242', '42424242424242424242', 'card 4242424242424242', '4242  4242 4242 4242', '1234567890123'])('ignores %j', (text) => {
    expect(looksLikeCardNumber(text)).toBe(false);
  });
});

describe('containsCardNumber (free text)', () => {
  it.each([
    '4111111111111111',
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '3782 822463 10005',
    '4222222222222',
    '6011000000000000001',
    'Jane 4111111111111111 Smith',
    'paid with card 4111 1111 1111 1111, thanks',
    'card:4242-4242-4242-4242.',
    'ref 12 4111 1111 1111 1111',
    'x4111111111111111y',
    '4111\u00a01111\u00a01111\u00a01111',
  ])('finds a card number in %j', (text) => {
    expect(containsCardNumber(text)).toBe(true);
  });

  it.each([
    'Jane Q. Smith',
    '',
    '4111111111111112',
    '4111 1111 1111 1112',
    '411111111111',
    'Invoice 1234567890123',
    '42424242424242424242',
    '4111  1111 1111 1111',
    'Call 405-217-7739 before 17:00 on 2026-11-23',
    'Account 10-1002-00, bill 2026-11',
    '4111.1111.1111.1111',
  ])('finds none in %j', (text) => {
    expect(containsCardNumber(text)).toBe(false);
  });
});
