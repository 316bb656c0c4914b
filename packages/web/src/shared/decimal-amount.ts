import type { Locale } from './i18n/translate';

/** Cents as the API's decimal string, in BigInt, never through a float: 2050n -> "20.50"; -5n -> "-0.05". */
export function decimalFromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
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
