import fc from 'fast-check';
import { referenceKey } from './account-number';

describe('referenceKey', () => {
  it.each([
    ['10-2345-01', '10234501'],
    [' 10 2345 01 ', '10234501'],
    ['ab.123/4', 'AB1234'],
    ['１０２３', '1023'],
    ['10\u20102345\u201001', '10234501'],
    ['10\u20112345\u201101', '10234501'],
    ['10\u20132345\u201401', '10234501'],
    ['10\u22122345\u221201', '10234501'],
    ['10\uff0d2345\ufe6301', '10234501'],
    ['10\u2e3a2345\u301c01', '10234501'],
  ])('matches %s as %s', (typed, key) => expect(referenceKey(typed)).toBe(key));

  it.each(['', '  - ', ' \u2013\u2212 ', '10_2345', '10\u22c52345', '10~2345', "1'; DROP TABLE", 'x'.repeat(33)])('refuses %s', (typed) => expect(referenceKey(typed)).toBeNull());

  it('keys every number it keyed before as before, so stored account and bill keys still match', () => {
    // The rule before typographic dashes were ignored.
    const keyedBefore = (typed: string) => {
      const key = typed
        .normalize('NFKC')
        .replace(/[\s\-./]/g, '')
        .toUpperCase();
      return /^[A-Z0-9]{1,32}$/.test(key) ? key : null;
    };
    const char = fc.oneof(fc.constantFrom(...'aZ09 -./\u00a0\u3000\uff10\uff41\ufe63\u2010\u2013\u2212\u017f\u0131'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const typed = chars.join('');
        const before = keyedBefore(typed);
        if (before !== null) expect(referenceKey(typed)).toBe(before);
      }),
      { numRuns: 2000 },
    );
  });
});
