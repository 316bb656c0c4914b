import { foldForSearch, searchTerms } from './account-search';

describe('searchTerms', () => {
  it('matches any part of an account number, however it is punctuated', () => {
    expect(searchTerms(' 10 1002 ')?.keyPattern).toBe('%101002%');
    expect(searchTerms('1002-00')?.keyPattern).toBe('%100200%');
  });

  it('splits names into words, each matched on its own (any order)', () => {
    expect(searchTerms('Smith  John')).toEqual({ keyPattern: '%SMITHJOHN%', wordPatterns: ['%smith%', '%john%'] });
  });

  it('splits at punctuation too: a surname first, a pasted address', () => {
    expect(searchTerms('Núñez, María')).toEqual({ keyPattern: null, wordPatterns: ['%nunez%', '%maria%'] });
    expect(searchTerms('12700 Norwalk Blvd, Norwalk, CA')?.wordPatterns).toEqual(['%12700%', '%norwalk%', '%blvd%', '%norwalk%', '%ca%']);
  });

  it('leaves no LIKE wildcard in a word, and no number key for one', () => {
    expect(searchTerms('50%_off\\')).toEqual({ keyPattern: null, wordPatterns: ['%50%', '%off%'] });
    expect(searchTerms('_')).toEqual({ keyPattern: null, wordPatterns: [] });
  });

  it('drops a word of marks alone, which would match every account', () => {
    expect(searchTerms('\u0301 \u02bc')).toEqual({ keyPattern: null, wordPatterns: [] });
  });

  it('is null for blank text', () => {
    expect(searchTerms('  ')).toBeNull();
  });
});

describe('foldForSearch', () => {
  it('takes the marks off, whether Unicode decomposes them or they are part of the letter', () => {
    expect(['Núñez', 'Đặng Đỗ', 'Łukasz', 'Søren', 'Großmann', 'GROẞMANN', 'Işık', 'İLKNUR', 'Æsa', 'Œuvre', 'Þór', 'Guðrún'].map(foldForSearch)).toEqual([
      'nunez',
      'dang do',
      'lukasz',
      'soren',
      'grossmann',
      'grossmann',
      'isik',
      'ilknur',
      'aesa',
      'oeuvre',
      'thor',
      'gudrun',
    ]);
  });

  it('joins a name at its apostrophes and hyphens', () => {
    expect(["O'Brien", 'O’Neill', 'Smith-Jones'].map(foldForSearch)).toEqual(['obrien', 'oneill', 'smithjones']);
  });
});
