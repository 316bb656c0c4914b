import { toE164 } from './phone-number';

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
