import { blocksBankAccount, nsfWindowStart } from './return-blocking';

describe('blocksBankAccount', () => {
  it('forgives a first R01 and blocks on the second within the window', () => {
    expect(blocksBankAccount('R01', 0)).toBe(false);
    expect(blocksBankAccount('R01', 1)).toBe(true);
    expect(blocksBankAccount('R01', 4)).toBe(true);
  });

  it('blocks on any other return, or one with no code, the first time', () => {
    expect(blocksBankAccount('R02', 0)).toBe(true);
    expect(blocksBankAccount('R03', 0)).toBe(true);
    expect(blocksBankAccount(null, 0)).toBe(true);
  });
});

describe('nsfWindowStart', () => {
  it('is 90 days before now', () => {
    expect(nsfWindowStart(new Date('2026-11-25T18:30:00Z'))).toEqual(new Date('2026-08-27T18:30:00Z'));
  });
});
