import { numberFormat } from './intl-cache';

/**
 * Money is an integer count of minor units (cents) plus an ISO 4217 currency.
 * Amounts are `bigint` so no floating-point value can enter a money path:
 * parsing goes from decimal strings, formatting goes to decimal strings.
 */
export type CurrencyCode = 'USD';

export interface Money {
  readonly cents: bigint;
  readonly currency: CurrencyCode;
}

export function money(cents: bigint, currency: CurrencyCode = 'USD'): Money {
  return Object.freeze({ cents, currency });
}

export type ParseMoneyError = 'INVALID_AMOUNT' | 'TOO_MANY_DECIMALS' | 'NEGATIVE_AMOUNT';

const DECIMAL = /^(-?)(\d{1,15})(?:\.(\d+))?$/;

/**
 * Parses an exact decimal string such as "12.34" or "12" into cents.
 * Refuses more than two decimal places rather than rounding them away.
 */
export function parseMoney(text: string, currency: CurrencyCode = 'USD', options: { allowNegative?: boolean } = {}): { ok: true; value: Money } | { ok: false; error: ParseMoneyError } {
  const match = DECIMAL.exec(text.trim());
  if (!match) return { ok: false, error: 'INVALID_AMOUNT' };
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > 2) return { ok: false, error: 'TOO_MANY_DECIMALS' };
  const cents = BigInt(whole ?? '0') * 100n + BigInt(fraction.padEnd(2, '0'));
  if (sign === '-' && cents !== 0n && !options.allowNegative) return { ok: false, error: 'NEGATIVE_AMOUNT' };
  return { ok: true, value: money(sign === '-' ? -cents : cents, currency) };
}

/** "1234.50" for 123450 cents: the exact decimal form used on the API. */
export function toDecimalString(amount: Money): string {
  const negative = amount.cents < 0n;
  const abs = negative ? -amount.cents : amount.cents;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/**
 * "$1,234.50": written for the language as spoken in the United States (es-US,
 * not Spain's "1.234,50 US$"), since every city on the platform is American.
 */
export function formatMoney(amount: Money, language: string): string {
  const format = numberFormat(`${language}-US`, { style: 'currency', currency: amount.currency });
  // Intl.NumberFormat v3 treats a numeric string as an exact decimal, never a float.
  return format.format(toDecimalString(amount) as unknown as number);
}

/** Basis points (1/100 of a percent) of an amount, rounded half up to the cent. */
export function percentOf(amount: Money, basisPoints: number): Money {
  if (!Number.isInteger(basisPoints) || basisPoints < 0) throw new RangeError('basisPoints must be a non-negative integer');
  const numerator = amount.cents * BigInt(basisPoints);
  return money((numerator + 5000n) / 10000n, amount.currency);
}
