import { northAmericanNumber, toE164 } from './phone-number';

describe('toE164', () => {
  it.each([
    ['888-647-2502', '+18886472502'],
    ['(866) 930-0284', '+18669300284'],
    ['+1 866 930 0284', '+18669300284'],
    ['18886472502', '+18886472502'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('writes %s as %s', (written, e164) => expect(toE164(written)).toBe(e164));

  it.each([[''], ['911'], ['anonymous'], ['2888-647-2502']])('has no number for %p', (written) => expect(toE164(written)).toBeNull());
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
