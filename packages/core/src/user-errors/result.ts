import type { UserErrorCode } from './user-error-code';
import type { UserError } from './user-error';

/**
 * What a domain function answers when the caller may have asked for
 * something that cannot be done: the value, or every problem a person can
 * fix. Bugs, authentication and permission are thrown instead. `Code`
 * narrows the codes a function can answer with, for its readers.
 */
export type Result<T, Code extends UserErrorCode = UserErrorCode> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly userErrors: readonly (UserError & { readonly code: Code })[] };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

export const refused = <Code extends UserErrorCode>(
  ...userErrors: readonly (UserError & { readonly code: Code })[]
): { readonly ok: false; readonly userErrors: readonly (UserError & { readonly code: Code })[] } => ({
  ok: false,
  userErrors,
});
