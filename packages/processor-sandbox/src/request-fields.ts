import { invalid, type Parsed } from './reply';

/** A parsed JSON request body that is an object; its fields are still unchecked. */
export interface JsonObject {
  readonly [field: string]: unknown;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CENTS = /^[1-9]\d{0,17}$/;

/**
 * Amounts travel as strings of positive integer cents ("1234" is $12.34): a
 * JSON number may be a float, and no float is money. 18 digits at most, so
 * every amount fits a signed 64-bit column.
 */
export function parseAmount(value: unknown, field: string): Parsed<bigint> {
  if (typeof value !== 'string' || !CENTS.test(value)) {
    return { reply: invalid('invalid_amount', `${field} must be a string of positive integer cents, such as "1234" for $12.34.`, field) };
  }
  return { value: BigInt(value) };
}

/** A present, non-blank string of at most `maxLength` characters, trimmed. */
export function parseText(value: unknown, field: string, maxLength: number): Parsed<string> {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text || text.length > maxLength) return { reply: invalid(`invalid_${snakeCase(field)}`, `${field} must be text of 1 to ${maxLength} characters.`, field) };
  return { value: text };
}

function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`).replace(/\./g, '_');
}
