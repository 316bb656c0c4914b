import { cardBrandOf, containsCardNumber, looksLikeCardNumber, luhnValid } from './card-validation';

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
    // Typed in other digits: full-width (with an ideographic space), Arabic-Indic, mathematical bold, Devanagari.
    '４１１１\u3000１１１１ １１１１ １１１１',
    '٤١١١١١١١١١١١١١١١',
    '\u{1d7d2}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}\u{1d7cf}',
    'नाम ४२४२ ४२४२ ४२४२ ४२४२',
    // Joined by characters that do not show (zero-width space, soft hyphen, word joiner, byte-order mark): it shows as one number.
    'Pat 4111\u200b1111\u200b1111\u200b1111',
    '4111\u00ad1111\u00ad1111\u00ad1111',
    '5555\u20605555\u20605555\u20604444',
    '4111 \ufeff1111 1111 1111',
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
    '４１１１１１１１１１１１１１１２',
    '4111\u200b1111\u200b1111\u200b1112',
  ])('finds none in %j', (text) => {
    expect(containsCardNumber(text)).toBe(false);
  });
});
