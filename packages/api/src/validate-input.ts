import { UserErrorCode, isMessageKey, ok, refused, userError, type FieldPath, type Locale, type MessageKey, type MessageParams, type Result, type UserError } from '@platform/core';
import type { z } from 'zod';

/*
 * The one way to validate a mutation's input: a zod schema whose every
 * check names its UserErrorCode and catalogue message with `problem()`.
 * Every issue becomes a UserError whose field is the path into the
 * mutation's arguments, so a person sees all their mistakes at once, each
 * next to its field, in their language.
 */

/** A zod check's error option: the code and catalogue key `validateInput` turns into a UserError. */
export function problem(code: UserErrorCode, key: MessageKey): { readonly error: string } {
  return { error: `${code} ${key}` };
}

/** `input` checked against `schema`: the parsed value, or a UserError per problem found under `at` (the argument's name). */
export function validateInput<Schema extends z.ZodType>(schema: Schema, input: unknown, locale: Locale, at: FieldPath = ['input']): Result<z.output<Schema>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return refused(...parsed.error.issues.map((issue) => toUserError(issue, locale, at)));
}

function toUserError(issue: z.core.$ZodIssue, locale: Locale, at: FieldPath): UserError {
  const field = [...at, ...issue.path.map((step) => (typeof step === 'symbol' ? String(step.description) : step))];
  const match = /^([A-Z_]+) (\S+)$/.exec(issue.message);
  const code = match?.[1];
  const key = match?.[2];
  // A check written without problem() is a bug of the schema's author; it still reaches the person as a plain "not valid".
  if (!code || !key || !isUserErrorCode(code) || !isMessageKey(key)) return userError(locale, field, UserErrorCode.INVALID, 'error.invalidValue');
  return userError(locale, field, code, key, paramsOf(issue));
}

function paramsOf(issue: z.core.$ZodIssue): MessageParams {
  // A custom check names its message's placeholders itself (addIssue's `params`), formatted for the request's locale.
  if (issue.code === 'custom' && issue.params) return issue.params as MessageParams;
  if (issue.code === 'too_big') return { max: String(issue.maximum) };
  if (issue.code === 'too_small') return { min: String(issue.minimum) };
  return {};
}

const CODES = new Set<string>(Object.values(UserErrorCode));

function isUserErrorCode(value: string): value is UserErrorCode {
  return CODES.has(value);
}
