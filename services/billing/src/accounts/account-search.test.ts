import { searchTerms } from './account-search';

describe('searchTerms', () => {
  it('matches any part of an account number, however it is punctuated', () => {
    expect(searchTerms(' 10 1002 ')?.keyPattern).toBe('%101002%');
    expect(searchTerms('1002-00')?.keyPattern).toBe('%100200%');
  });

  it('splits names into words, each matched on its own (any order)', () => {
    expect(searchTerms('Smith  John')).toEqual({ keyPattern: '%SMITHJOHN%', wordPatterns: ['%Smith%', '%John%'] });
  });

  it('treats LIKE wildcards as text and has no number key for them', () => {
    expect(searchTerms('50%_off\\')).toEqual({ keyPattern: null, wordPatterns: ['%50\\%\\_off\\\\%'] });
  });

  it('is null for blank text', () => {
    expect(searchTerms('  ')).toBeNull();
  });
});
