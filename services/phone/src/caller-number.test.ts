import { callerNumber, callerNumberOf } from './caller-number';

describe('callerNumber', () => {
  it('reads a caller ID as the E.164 number it is, keeping a "+" number’s country code', () => {
    expect(callerNumber('+15625550142')).toBe('+15625550142');
    expect(callerNumber('+17378742833')).toBe('+17378742833');
    expect(callerNumber('+442079460958')).toBe('+442079460958');
  });

  it.each([
    ['anonymous'],
    ['Anonymous'],
    ['restricted'],
    ['unknown'],
    ['blocked'],
    ['unavailable'],
    [''],
    [undefined],
    ['+266696687'],
    ['266696687'],
    ['+7378742833'],
    ['7378742833'],
    ['+2562533'],
    ['+8656696'],
    ['+86282452253'],
    ['86282452253'],
    ['sip:caller@example.com'],
    ['+1 062 555 0142'],
  ])('has no number for a withheld or unreachable caller ID, %p', (from) => expect(callerNumber(from)).toBeNull());
});

describe('callerNumberOf', () => {
  it.each([
    ['TN-Validation-Failed-A'],
    ['TN-Validation-Failed-B'],
    ['TN-Validation-Failed-C'],
    ['TN-Validation-Failed'],
    ['TN-Validation-Passed-B'],
    ['TN-Validation-Passed-C'],
    ['tn-validation-passed-b'],
  ])('has no number for a caller ID the carrier found spoofed, or did not vouch for, %p', (verstat) => expect(callerNumberOf({ From: '+15625550142', StirVerstat: verstat })).toBeNull());

  it.each([['TN-Validation-Passed-A'], ['No-TN-Validation'], [undefined]])('takes the caller ID as the caller’s otherwise, %p', (verstat) =>
    expect(callerNumberOf({ From: '+15625550142', ...(verstat ? { StirVerstat: verstat } : {}) })).toBe('+15625550142'),
  );
});
