import type { Locale } from './i18n/translate';

/** Cents as the API's decimal string, in BigInt, never through a float: 2050n -> "20.50"; -5n -> "-0.05". */
export function decimalFromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/**
 * What a person types, in dollars with a decimal point: an optional sign and dollar sign ("-$25", "$-25"), whole dollars
 * (up to 15 digits) either bare or grouped in threes by commas, and at most two decimals. A comma groups thousands
 * and nothing else: "12,50" (a decimal comma) is refused, never read as 1250.
 */
const DOLLAR_AMOUNT = /^(?:(-)?\$?|\$(-))(\d{1,15}|\d{1,3}(?:,\d{3}){1,4})(?:\.(\d{1,2}))?$/;

/**
 * What a person types ("20", "20.5", "1,020.50", "$20.50"; when `signed`, "-25" too) in cents, read as the server reads
 * the amount the page sends (parseMoney in @platform/core: up to 15 whole digits, at most two decimals), in BigInt,
 * never through a float; null when it is not an amount. "12.5" and "12.50" are one amount: 1250n.
 */
export function parseAmountCents(text: string, { signed = false }: { readonly signed?: boolean } = {}): bigint | null {
  const match = DOLLAR_AMOUNT.exec(text.trim());
  const negative = Boolean(match?.[1] ?? match?.[2]);
  if (!match?.[3] || (negative && !signed)) return null;
  const cents = BigInt(match[3].replace(/,/g, '')) * 100n + BigInt((match[4] ?? '').padEnd(2, '0'));
  return negative ? -cents : cents;
}

/**
 * The API's decimal string as money is written in the page's language ("1250.00" -> "$1,250.00", as the API's
 * `formatted` writes it: the language as spoken in the United States). Intl formats the decimal string exactly, no
 * floating point.
 */
export function formatDecimal(amount: string, locale: Locale): string {
  return new Intl.NumberFormat(`${locale}-US`, { style: 'currency', currency: 'USD' }).format(amount as `${number}`);
}

/** Cents as money in the page's language: 125000n -> "$1,250.00"; -1250n -> "-$12.50". */
export function formatCents(cents: bigint, locale: Locale): string {
  return formatDecimal(decimalFromCents(cents), locale);
}
