import { referenceKey } from './account-number';

/** At most this many words are matched: a longer search is a paste, not a name. */
const MAX_WORDS = 8;

/** What separates words: spaces, and punctuation or symbols ("Núñez, María", "12700 Norwalk Blvd, Norwalk, CA", "Smith-Jones"). */
const WORD_BREAKS = /[\s\p{P}\p{S}]+/u;

/**
 * What staff typed into the account search, as the query matches it: the
 * account number's key (so "1002", "10 1002" and "10-1002-00" all find
 * 10-1002-00 by any part), and the words of a name or an address, each of
 * which must appear (so "Smith John" and "Smith, John" find John Smith).
 * Words hold letters and digits only, so none is a LIKE wildcard; the query
 * folds them (accents off, lower case) as the stored search text is folded.
 */
export interface SearchTerms {
  /** Contained in the account key; null when the text has nothing a number could hold. */
  readonly keyPattern: string | null;
  /** Each must be contained in the holder's name or address; none when the text has no word (then only the key can match). */
  readonly wordPatterns: readonly string[];
}

/** Null for blank text: no search at all. Text with neither a key nor a word (only punctuation) matches nothing. */
export function searchTerms(typed: string): SearchTerms | null {
  const text = typed.normalize('NFKC').trim();
  if (!text) return null;
  const key = referenceKey(text);
  const words = text.split(WORD_BREAKS).filter(Boolean).slice(0, MAX_WORDS);
  return { keyPattern: key ? `%${key}%` : null, wordPatterns: words.map((word) => `%${word}%`) };
}
