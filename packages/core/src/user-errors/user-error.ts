import { translate, type Locale, type MessageKey, type MessageParams } from '../i18n';
import type { UserErrorCode } from './user-error-code';

/**
 * A path into a mutation's arguments, e.g. ["input", "allocations", 0, "amount"].
 * Numbers are list indexes; on the wire every step is a string.
 */
export type FieldPath = readonly (string | number)[];

/** Something a person can fix, returned in a mutation payload (Shopify's `userErrors`). */
export interface UserError {
  /** Path to the argument at fault, from the mutation's arguments; empty when no single field is. */
  readonly field: readonly string[];
  readonly code: UserErrorCode;
  /** In the request's language. */
  readonly message: string;
}

/** The one way to build a UserError: a code, where, and a catalogue message in the request's language. */
export function userError(locale: Locale, field: FieldPath, code: UserErrorCode, key: MessageKey, params: MessageParams = {}): UserError {
  return { field: field.map(String), code, message: translate(locale, key, params) };
}
