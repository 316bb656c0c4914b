/** Cents as the API's decimal string, in BigInt, never through a float: 2050n -> "20.50"; -5n -> "-0.05". */
export function decimalFromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
