import { isDeliverableEmail } from './email-address';

describe('isDeliverableEmail', () => {
  it.each(['pat@example.com', 'pat.resident+bills@example.co', "o'brien@mail.example.org", 'jos\u00e9.garc\u00eda@example.com', 'pat@mail.city.example.gov', `${'a'.repeat(64)}@example.com`])(
    'takes %s',
    (address) => expect(isDeliverableEmail(address)).toBe(true),
  );

  it.each([
    ['a separator after it', 'pat@example.com;'],
    ['a list', 'lee@example.com,'],
    ['angle brackets', '<kim@example.com>'],
    ['a display name', 'Kim <kim@example.com>'],
    ['a group', 'a:b@example.com'],
    ['quotes', '"pat"@example.com'],
    ['a comment', 'pat(home)@example.com'],
    ['a domain literal', 'pat@[192.0.2.1]'],
    ['a backslash', 'pat\\x@example.com'],
    ['a space', 'pat resident@example.com'],
    ['a line break', 'pat@example.com\r\nBcc: x@example.com'],
    ['a control character', 'pat\u0000@example.com'],
    ['two @', 'pat@home@example.com'],
    ['no domain', 'pat@'],
    ['no dot in the domain', 'pat@localhost'],
    ['a one-letter top-level label', 'pat@example.c'],
    ['a trailing dot (the same mailbox as without it)', 'pat@example.com.'],
    ['an empty label', 'pat@example..com'],
    ['a domain starting with a dot', 'pat@.example.com'],
    ['a local part over 64', `${'a'.repeat(65)}@example.com`],
    ['over 254 characters', `pat@${'d'.repeat(250)}.com`],
    ['nothing', ''],
  ])('refuses %s (%j)', (_what, address) => expect(isDeliverableEmail(address)).toBe(false));
});
