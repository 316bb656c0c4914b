// type-graphql's decorators in @platform/api need the metadata polyfill, which the gateway loads in a running process.
import 'reflect-metadata';
import { z } from 'zod';
import { email, ignored, name, optional, phone, required, username } from './identity';

/** The value a field parses to, or the messages (here "CODE key") of its problems. */
function parse<Output>(field: z.ZodType<Output>, value: unknown): Output | string[] {
  const parsed = field.safeParse(value);
  return parsed.success ? parsed.data : parsed.error.issues.map((issue) => issue.message);
}

it('normalises emails and refuses malformed ones', () => {
  expect(parse(email, '  Pat.Doe@Example.COM ')).toBe('pat.doe@example.com');
  // The last three as copied from a mail program: delivery would not send to them (isDeliverableEmail).
  for (const bad of ['pat', 'pat@', '@example.com', 'pat@example', 'pat doe@example.com', `${'a'.repeat(250)}@x.com`, 'pat@example.com;', 'lee@example.com,', '<kim@example.com>']) {
    expect([bad, parse(email, bad)]).toEqual([bad, ['INVALID_EMAIL customer.emailInvalid']]);
  }
});

it('keeps an email in NFC, so an accent composed either way is one address, and refuses full-width look-alikes', () => {
  const nfc = 'jos\u00e9@example.com';
  expect(parse(email, ` ${nfc.toUpperCase().normalize('NFD')} `)).toBe(nfc);
  expect(parse(email, '\uff4a\uff4f\uff53\uff45@example.com')).toEqual(['INVALID_EMAIL customer.emailNotPlain']);
  expect(parse(email, 'jose\uff20example.com')).toEqual(['INVALID_EMAIL customer.emailNotPlain']);
});

it('normalises usernames', () => {
  expect(parse(username, 'JSmith_42')).toBe('jsmith_42');
  expect(parse(username, 'ab')).toEqual(['INVALID_USERNAME customer.usernameInvalid']);
  expect(parse(username, 'has space')).toEqual(['INVALID_USERNAME customer.usernameInvalid']);
});

it('refuses a username a mail program would make a link of, and takes dots that make no domain', () => {
  for (const link of ['normanwater-pay.net', 'Pay.LY', 'www.norman', 'pat.jones', '10.0.0.1']) {
    expect([link, parse(username, link)]).toEqual([link, ['INVALID_USERNAME customer.usernameHasLink']]);
  }
  for (const plain of ['pat_jones', 'pat-jones', 'pat.1985', 'j.r_smith', 'a.b.c']) {
    expect(parse(username, plain)).toBe(plain);
  }
});

it('stores US phone numbers as E.164', () => {
  expect(parse(phone, '(405) 217-7739')).toBe('+14052177739');
  expect(parse(phone, '+1 562-929-5766')).toBe('+15629295766');
  expect(parse(phone, '555-1234')).toEqual(['INVALID_PHONE customer.phoneInvalid']);
  expect(parse(phone, '(105) 217-7739')).toEqual(['INVALID_PHONE customer.phoneInvalid']);
  expect(parse(phone, '+1 (105) 217-7739')).toEqual(['INVALID_PHONE customer.phoneInvalid']);
});

it('trims names', () => {
  expect(parse(name, '  Jane   Q  Public ')).toBe('Jane Q Public');
  expect(parse(name, 'x'.repeat(121))).toEqual(['INVALID_NAME customer.nameInvalid']);
});

it('takes a name in any script, and refuses one with no letter or digit (nothing but zero-width characters)', () => {
  expect(parse(name, '李小龍')).toBe('李小龍');
  expect(parse(name, "O'Brien-Núñez")).toBe("O'Brien-Núñez");
  expect(parse(name, '\u200b\u200b')).toEqual(['INVALID_NAME customer.nameInvalid']);
  expect(parse(name, '-- . --')).toEqual(['INVALID_NAME customer.nameInvalid']);
});

it('takes the names people have, dots, apostrophes, accents and hyphens included', () => {
  for (const person of ["O'Brien", 'José María García-López', 'Dr. Smith Jr.', 'J.R.R. Tolkien', 'Mary-Kate St. John', 'Ma. Teresa Cruz', 'Nguyễn Văn A', 'محمد‌رضا']) {
    expect(parse(name, person)).toBe(person);
  }
});

it('refuses a name holding a web or email address, however it is dressed, in words that say how to write one with a dot', () => {
  const refused = ['INVALID_NAME customer.nameHasLink'];
  for (const link of [
    'Past due: pay today at https://norwalk-water-pay.example.net or service is shut off',
    'Pay at norwalk-water-pay.example.net',
    'bit.ly/pay-now',
    'www.example',
    'Call billing@norwalk-pay.example',
    'Ana @anapays',
    'Visit 203.0.113.7 today',
    'hxxps://pay',
    'Pay at norwalk-pay\uff0ecom', // a full-width dot
    'Pay at norwalk-pay\u3002com', // an ideographic full stop, a dot to IDNA
    'Pay at norwalk-pay\u200b.com', // a zero-width space before the dot
    'Pay at ｗｗｗ．example', // full-width letters
    'St.John',
  ]) {
    expect([link, parse(name, link)]).toEqual([link, refused]);
  }
});

it('refuses a card number typed into a name, username or email, and says nothing else about it: it would be stored', () => {
  const refused = ['CARD_NUMBER_NOT_ACCEPTED error.cardNumberInText'];
  expect(parse(email, '4111111111111111@example.com')).toEqual(refused);
  expect(parse(email, 'pat.4111-1111-1111-1111@example.com')).toEqual(refused);
  expect(parse(email, 'pat.4111111111111112@example.com')).toBe('pat.4111111111111112@example.com');
  // Digit groups passing Luhn that no network issues (no card's prefix) are an address's own.
  expect(parse(email, 'pat-1985-0412-0000-7319@example.com')).toBe('pat-1985-0412-0000-7319@example.com');
  expect(parse(name, 'Jane 4111 1111 1111 1111')).toEqual(refused);
  expect(parse(name, '4111-1111-1111-1111')).toEqual(refused);
  expect(parse(username, '4111111111111111')).toEqual(refused);
  expect(parse(username, '4111 1111 1111 1111')).toEqual(refused);
  for (const joined of ['4111.1111.1111.1111', '4111_1111_1111_1111', 'pat.5555.5555.5555.4444', '3530111333300000']) expect([joined, parse(username, joined)]).toEqual([joined, refused]);
  expect(parse(username, 'pat.1985.0412.0000.7319')).toBe('pat.1985.0412.0000.7319');
  expect(parse(name, 'Pat 4111\u200b1111\u200b1111\u200b1111')).toEqual(refused);
  expect(parse(name, 'Jane 4111 1111 1111 1112')).toBe('Jane 4111 1111 1111 1112');
});

it('says what a blank means: required is REQUIRED (and nothing more), optional is null, ignored keeps nothing', () => {
  for (const blank of [undefined, null, '', '   ']) expect(parse(required(phone), blank)).toEqual(['REQUIRED error.required']);
  expect(parse(required(email), ' A@B.ORG ')).toBe('a@b.org');
  expect(parse(optional(phone), '  ')).toBeNull();
  expect(parse(optional(phone), null)).toBeNull();
  expect(parse(optional(phone), undefined)).toBeUndefined();
  expect(parse(optional(phone), '555')).toEqual(['INVALID_PHONE customer.phoneInvalid']);
  expect(parse(ignored, 'anything')).toBeNull();
  expect(parse(z.object({ username: ignored }), {})).toEqual({ username: null });
});
