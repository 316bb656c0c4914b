import { searchTerms } from './account-search';

describe('searchTerms', () => {
  it('matches any part of an account number, however it is punctuated', () => {
    expect(searchTerms(' 10 1002 ')?.keyPattern).toBe('%101002%');
    expect(searchTerms('1002-00')?.keyPattern).toBe('%100200%');
  });

  it('splits names into words, each matched on its own (any order)', () => {
    expect(searchTerms('Smith  John')).toEqual({ keyPattern: '%SMITHJOHN%', wordPatterns: ['%Smith%', '%John%'] });
  });

  it('splits at punctuation too: a surname first, a pasted address', () => {
    expect(searchTerms('Núñez, María')).toEqual({ keyPattern: null, wordPatterns: ['%Núñez%', '%María%'] });
    expect(searchTerms('12700 Norwalk Blvd, Norwalk, CA')?.wordPatterns).toEqual(['%12700%', '%Norwalk%', '%Blvd%', '%Norwalk%', '%CA%']);
  });

  it('leaves no LIKE wildcard in a word, and no number key for one', () => {
    expect(searchTerms('50%_off\\')).toEqual({ keyPattern: null, wordPatterns: ['%50%', '%off%'] });
    expect(searchTerms('_')).toEqual({ keyPattern: null, wordPatterns: [] });
  });

  it('is null for blank text', () => {
    expect(searchTerms('  ')).toBeNull();
  });
});
