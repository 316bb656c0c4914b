import { problem } from '@platform/api';
import { containsCardNumber, UserErrorCode, type MessageKey, type MessageParams } from '@platform/core';
import { z } from 'zod';

/* Field rules shared by billing's input schemas (see validateInput): each reports one problem per field, the first it finds. */

/** Runs a check only on a value that passed the checks before it. */
const ifValidSoFar = { when: (payload: z.core.ParsePayload) => payload.issues.length === 0 };

/** Text a person reads back for years: a card number must never be kept, however it got typed. */
const withoutCardNumbers = <Schema extends z.ZodType<string>>(schema: Schema) =>
  schema.refine((text) => !containsCardNumber(text), { ...problem(UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'error.cardNumberInText'), ...ifValidSoFar });

/** Trimmed, not blank, at most `max` characters, no card number. */
export const requiredText = (max: number) => withoutCardNumbers(z.string().trim().min(1, problem(UserErrorCode.REQUIRED, 'error.required')).max(max, problem(UserErrorCode.TOO_LONG, 'error.tooLong')));

/** Trimmed, at most `max` characters, no card number; blank or absent is null. */
export const optionalText = (max: number) =>
  withoutCardNumbers(z.string().trim().max(max, problem(UserErrorCode.TOO_LONG, 'error.tooLong')))
    .nullish()
    .transform((text) => text || null);

/** Reports a problem from a transform, for checks that also compute the value; returns what the transform returns then. `params` fill the message's placeholders. */
export function reportProblem(check: z.RefinementCtx, code: UserErrorCode, key: MessageKey, params?: MessageParams): never {
  check.addIssue({ code: 'custom', message: problem(code, key).error, ...(params && { params }) });
  return z.NEVER;
}
