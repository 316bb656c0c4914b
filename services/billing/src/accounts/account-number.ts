/** The longest account number there is, as printed (separators included), in UTF-16 units as `length` counts them. */
export const ACCOUNT_NUMBER_MAX_LENGTH = 40;

/**
 * How account and bill numbers are matched: residents type "10-2345-01",
 * "10 2345 01" or "1023450１" from a paper bill, so look-ups ignore spaces,
 * dashes, dots and slashes and letter case. Null when nothing usable is left.
 */
export function referenceKey(typed: string): string | null {
  const key = typed.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
  return /^[A-Z0-9]{1,32}$/.test(key) ? key : null;
}

/**
 * Matched after NFKC, which folds the full-width and small hyphen-minus into
 * "-" but leaves the typographic dashes that PDFs and phone keyboards put in
 * a copied number (U+2010 hyphen, U+2013 en dash...) and U+2212 minus sign:
 * every dash punctuation (\p{Pd}) and the minus sign count. A key holding any
 * of them was refused before, so no stored key changes.
 */
const SEPARATORS = /[\s\p{Pd}\u2212./]/gu;
