import { referenceKey } from './account-number';

/** At most this many words are matched: a longer search is a paste, not a name. */
const MAX_WORDS = 8;

/** What separates words: spaces, and punctuation or symbols ("Núñez, María", "12700 Norwalk Blvd, Norwalk, CA", "Smith-Jones"). */
const WORD_BREAKS = /[\s\p{P}\p{S}]+/u;

/**
 * Combining marks, which NFD takes off é, ñ and ü (the ranges billing_search_fold drops; a class for each, as
 * no-misleading-character-class takes marks side by side in one class for a letter and its marks); and the
 * apostrophes and hyphens inside a name (O'Brien, Smith-Jones).
 */
const DROPPED = /[\u0300-\u036f]|[\u1ab0-\u1aff]|[\u1dc0-\u1dff]|[\u20d0-\u20ff]|[\ufe20-\ufe2f]|['\u2018\u2019\u02bb\u02bc\u2010\u2011-]/gu;

/** Letters whose mark is part of the letter, which NFD leaves whole, and the plain letters they are typed with. */
const PLAIN_LETTERS = new Map(Object.entries({ Đ: 'd', đ: 'd', Ð: 'd', ð: 'd', Ł: 'l', ł: 'l', Ø: 'o', ø: 'o', ı: 'i', ß: 'ss', ẞ: 'ss', Æ: 'ae', æ: 'ae', Œ: 'oe', œ: 'oe', Þ: 'th', þ: 'th' }));
const WHOLE_LETTERS = new RegExp(`[${[...PLAIN_LETTERS.keys()].join('')}]`, 'gu');

/**
 * Text as the account search compares it: marks off, letters such as Đ, Ł, Ø
 * and ß plain, apostrophes and hyphens out, lower case. The same fold as the
 * database's billing_search_fold, which keeps the stored search text (see the
 * AccountSearchPlainLetters migration): change both or neither.
 */
export function foldForSearch(text: string): string {
  const plain = text
    .normalize('NFD')
    .replace(DROPPED, '')
    .replace(WHOLE_LETTERS, (letter) => PLAIN_LETTERS.get(letter) ?? letter);
  // toLowerCase makes a sigma that ends a word ς, and lower() in the database need not: both sides take σ.
  return plain.toLowerCase().replaceAll('ς', 'σ');
}

/**
 * What staff typed into the account search, as the query matches it: the
 * account number's key (so "1002", "10 1002" and "10-1002-00" all find
 * 10-1002-00 by any part), and the words of a name or an address, each of
 * which must appear (so "Smith John" and "Smith, John" find John Smith).
 * Words hold letters and digits only, so none is a LIKE wildcard, and are
 * folded (foldForSearch) as the stored search text is.
 */
export interface SearchTerms {
  /** Contained in the account key; null when the text has nothing a number could hold. */
  readonly keyPattern: string | null;
  /** Each must be contained in the holder's folded name or address; none when the text has no word (then only the key can match). */
  readonly wordPatterns: readonly string[];
}

/** Null for blank text: no search at all. Text with neither a key nor a word (only punctuation) matches nothing. */
export function searchTerms(typed: string): SearchTerms | null {
  const text = typed.normalize('NFKC').trim();
  if (!text) return null;
  const key = referenceKey(text);
  // Folded before the empty are dropped: a word of marks alone ("ʼ", a lone U+0301) would match every account.
  const words = text.split(WORD_BREAKS).map(foldForSearch).filter(Boolean).slice(0, MAX_WORDS);
  return { keyPattern: key ? `%${key}%` : null, wordPatterns: words.map((word) => `%${word}%`) };
}
