/**
 * An amount keyed on a phone: cents as the prompts ask ("5000" is $50.00),
 * or, where the caller pressed star as a decimal point, dollars and cents
 * ("50*" is $50.00, "84*2" $84.20, "84*20" too); the star read as nothing
 * made "50*" fifty cents. Null for keys that are no amount: more than one
 * star, or more than two digits after it.
 */
export function centsFromKeys(keys: string): bigint | null {
  if (!/^[0-9*]*$/.test(keys)) return null;
  const [dollars = '', fraction, ...more] = keys.split('*');
  if (fraction === undefined) return BigInt(dollars || '0');
  if (more.length > 0 || fraction.length > 2) return null;
  return BigInt(dollars || '0') * 100n + BigInt(fraction.padEnd(2, '0'));
}
