import { referenceKey } from './account-number';

/** At most this many words are matched: a longer search is a paste, not a name. */
const MAX_WORDS = 6;

/**
 * What staff typed into the account search, as the query matches it: the
 * account number's key (so "1002", "10 1002" and "10-1002-00" all find
 * 10-1002-00 by any part), and the words of a name or street, each of which
 * must appear (so "Smith John" finds John Smith). Words are LIKE patterns
 * with %, _ and \ escaped: they are text, never wildcards.
 */
export interface SearchTerms {
  /** Contained in the account key; null when the text has nothing a number could hold. */
  readonly keyPattern: string | null;
  /** Each must match the holder's name or the street line. */
  readonly wordPatterns: readonly string[];
}

export function searchTerms(typed: string): SearchTerms | null {
  const text = typed.normalize('NFKC').trim();
  if (!text) return null;
  const key = referenceKey(text);
  const words = text.split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
  return { keyPattern: key ? `%${key}%` : null, wordPatterns: words.map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) };
}
