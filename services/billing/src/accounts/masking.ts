/*
 * What a guest who typed an account number may see of its holder: enough to
 * recognise their own bill ("J. S.", "*** M*** St"), not enough to learn
 * a stranger's name or address, nor a city's proof of holding the account.
 */

const KEEP = new Set(['N', 'S', 'E', 'W', 'NE', 'NW', 'SE', 'SW', 'ST', 'AVE', 'RD', 'DR', 'LN', 'CT', 'BLVD', 'WAY', 'PL', 'PKWY', 'HWY', 'CIR', 'TER', 'APT', 'UNIT']);

const maskWord = (word: string) => {
  const [first = ''] = Array.from(word);
  return `${first}***`;
};

/**
 * "Jane Q. Smith" -> "J. Q. S.": the initials, written as initials are, so a guest reads them (and a screen reader says
 * them) as the holder's initials; "J*** S***" was said "J star star star S star star star".
 */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `${Array.from(word)[0]}.`)
    .join(' ');
}

/**
 * "1234 Main St" -> "*** M*** St": street-type words and directions stay, since they say nothing about who lives
 * there; a word with a digit in it (the house number, a unit) is hidden whole, for the house number is the proof that
 * links an account in a city such as Norwalk, and its first digit would take a tenth off a stranger's guess (all of it
 * for "7 Elm St").
 */
export function maskStreet(line: string): string {
  return line
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => (/\p{N}/u.test(word) ? '***' : KEEP.has(word.replace(/\.$/, '').toUpperCase()) ? word : maskWord(word)))
    .join(' ');
}

/**
 * "10-1002-00" -> "**-**02-00", "2001-0417" -> "****-0417": the last four
 * letters or digits and the punctuation stay, so a payer recognises their
 * account on a receipt that may be forwarded or printed.
 */
export function maskAccountNumber(accountNumber: string): string {
  const chars = Array.from(accountNumber.trim());
  let keep = 4;
  for (let i = chars.length - 1; i >= 0; i--) {
    if (!/[\p{L}\p{N}]/u.test(chars[i]!)) continue;
    if (keep > 0) keep--;
    else chars[i] = '*';
  }
  return chars.join('');
}
