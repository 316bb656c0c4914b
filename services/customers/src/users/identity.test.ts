import { checkEmail, checkName, checkPhone, checkUsername } from './identity';

it('normalises emails and refuses malformed ones', () => {
  expect(checkEmail('  Pat.Doe@Example.COM ')).toEqual({ ok: true, value: 'pat.doe@example.com' });
  for (const bad of ['pat', 'pat@', '@example.com', 'pat@example', 'pat doe@example.com', `${'a'.repeat(250)}@x.com`]) {
    expect([bad, checkEmail(bad).ok]).toEqual([bad, false]);
  }
});

it('normalises usernames', () => {
  expect(checkUsername('JSmith_42')).toEqual({ ok: true, value: 'jsmith_42' });
  expect(checkUsername('ab').ok).toBe(false);
  expect(checkUsername('has space').ok).toBe(false);
});

it('stores US phone numbers as E.164', () => {
  expect(checkPhone('(405) 217-7739')).toEqual({ ok: true, value: '+14052177739' });
  expect(checkPhone('+1 562-929-5766')).toEqual({ ok: true, value: '+15629295766' });
  expect(checkPhone('555-1234').ok).toBe(false);
  expect(checkPhone('(105) 217-7739').ok).toBe(false);
});

it('trims names', () => {
  expect(checkName('  Jane   Q  Public ')).toEqual({ ok: true, value: 'Jane Q Public' });
  expect(checkName('   ').ok).toBe(false);
});

it('refuses a card number typed into a name or username: it would be stored', () => {
  const refused = { ok: false, code: 'CARD_NUMBER_NOT_ACCEPTED', messageKey: 'error.cardNumberInText' };
  expect(checkName('Jane 4111 1111 1111 1111')).toEqual(refused);
  expect(checkName('4111-1111-1111-1111')).toEqual(refused);
  expect(checkUsername('4111111111111111')).toEqual(refused);
  expect(checkName('Jane 4111 1111 1111 1112').ok).toBe(true);
});
