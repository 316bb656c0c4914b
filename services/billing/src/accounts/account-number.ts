/**
 * How account and bill numbers are matched: residents type "10-2345-01",
 * "10 2345 01" or "1023450１" from a paper bill, so look-ups ignore spaces,
 * dashes, dots and slashes and letter case. Null when nothing usable is left.
 */
export function referenceKey(typed: string): string | null {
  const key = typed
    .normalize('NFKC')
    .replace(/[\s\-./]/g, '')
    .toUpperCase();
  return /^[A-Z0-9]{1,32}$/.test(key) ? key : null;
}
