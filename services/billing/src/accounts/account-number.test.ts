import { referenceKey } from './account-number';

describe('referenceKey', () => {
  it.each([
    ['10-2345-01', '10234501'],
    [' 10 2345 01 ', '10234501'],
    ['ab.123/4', 'AB1234'],
    ['１０２３', '1023'],
  ])('matches %s as %s', (typed, key) => expect(referenceKey(typed)).toBe(key));

  it.each(['', '  - ', '10_2345', "1'; DROP TABLE", 'x'.repeat(33)])('refuses %s', (typed) => expect(referenceKey(typed)).toBeNull());
});
