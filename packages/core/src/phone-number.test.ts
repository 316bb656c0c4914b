import { northAmericanNumber, textableNumber, toE164 } from './phone-number';

describe('toE164', () => {
  it.each([
    ['888-647-2502', '+18886472502'],
    ['(866) 930-0284', '+18669300284'],
    ['+1 866 930 0284', '+18669300284'],
    ['18886472502', '+18886472502'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('writes %s as %s', (written, e164) => expect(toE164(written)).toBe(e164));

  // Twilio's placeholder for a restricted caller ID, "+7378742833", is ten digits: read as "+1 737-874-2833" it was a stranger's.
  it.each([
    ['+7378742833', '+7378742833'],
    ['+266696687', '+266696687'],
  ])('keeps the country code %s is written with', (written, e164) => expect(toE164(written)).toBe(e164));

  it.each([[''], ['911'], ['anonymous'], ['2888-647-2502'], ['+2562533'], ['+1234567890123456']])('has no number for %p', (written) => expect(toE164(written)).toBeNull());
});

describe('northAmericanNumber', () => {
  it.each(['(405) 217-7739', '405-217-7739', '405.217.7739', '4052177739', '1-405-217-7739', '+1 405 217 7739', ' +14052177739 '])('reads %p as +14052177739', (typed) =>
    expect(northAmericanNumber(typed)).toBe('+14052177739'),
  );

  it.each([['(062) 555-0100'], ['+1 (062) 555-0100'], ['405-117-7739'], ['+1 405 117 7739'], ['+4052177739'], ['555-0100'], ['2-405-217-7739'], ['+44 20 7946 0958'], ['four oh five']])(
    'has no number for %p',
    (typed) => expect(northAmericanNumber(typed)).toBeNull(),
  );
});

describe('textableNumber', () => {
  it('takes North American numbers as people write them, and E.164', () => {
    expect(['562-555-0142', '(562) 555-0142', '+1 562 555 0142', '1.562.555.0142', '+15625550142'].map(textableNumber)).toEqual(Array(5).fill('+15625550142'));
    expect(textableNumber('+44 20 7946 0958')).toBe('+442079460958');
  });

  it('refuses what cannot be a number', () => {
    expect(['12', '555-0142', '062-555-0142', 'call me', '+0123456789', 'anonymous', ''].map(textableNumber)).toEqual(Array(7).fill(null));
  });

  it('holds a "+1" number to the North American rules it would meet without the "+1"', () => {
    expect(['+1 (062) 555-0142', '+1 562 155 0142', '+1 562 555 014'].map(textableNumber)).toEqual(Array(3).fill(null));
  });
});
