/**
 * The longest holder name the processor takes (UTF-16 units, as its connector counts them). Billing keeps names of up
 * to 120 characters (a trust, a business, two owners): sent whole, such a name was refused, and its resident was told
 * no payment could be taken at all.
 */
const PROCESSOR_HOLDER_NAME_MAX = 100;

/**
 * The account holder's name as the bank `<Pay>` hands it to the processor: whole when it fits, else cut after the last
 * whole word that does (never inside a surrogate pair), so the debit names its receiver as far as the processor allows.
 * A name that is one word too long is cut at the limit.
 */
export function holderNameForProcessor(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length <= PROCESSOR_HOLDER_NAME_MAX) return trimmed;
  let fits = '';
  for (const character of trimmed) {
    if (fits.length + character.length > PROCESSOR_HOLDER_NAME_MAX) break;
    fits += character;
  }
  const nextIsSpace = /\s/.test(trimmed.charAt(fits.length));
  const lastSpace = fits.search(/\s\S*$/);
  return (nextIsSpace || lastSpace <= 0 ? fits : fits.slice(0, lastSpace)).trim();
}
