import { type Locale, type MessageKey, type MessageParams, UserErrorCode, refused, userError, type FieldPath, type Result, type UserError } from '@platform/core';

/** The codes autopay answers with, each with its usual message; the codes whose message needs facts (METHOD_NOT_ALLOWED_ONLINE, METHOD_EXPIRES_TOO_SOON, DATE_IN_FUTURE) pass their own key. */
const MESSAGES = {
  [UserErrorCode.ACCOUNT_NOT_LINKED]: 'autopay.accountNotLinked',
  [UserErrorCode.ACCOUNT_CLOSED]: 'autopay.accountClosed',
  [UserErrorCode.METHOD_NOT_FOUND]: 'autopay.methodNotFound',
  [UserErrorCode.METHOD_NOT_ALLOWED_ONLINE]: 'autopay.noMethodsOnline',
  [UserErrorCode.METHOD_EXPIRES_TOO_SOON]: 'autopay.methodExpires',
  [UserErrorCode.INVALID_AMOUNT]: 'autopay.maxAmountInvalid',
  [UserErrorCode.ALREADY_ENROLLED]: 'autopay.alreadyEnrolled',
  [UserErrorCode.NOT_ENROLLED]: 'autopay.notEnrolled',
  [UserErrorCode.ENROLLED_BY_SOMEONE_ELSE]: 'autopay.enrolledBySomeoneElse',
  [UserErrorCode.INVALID_DATE]: 'autopay.dateInvalid',
  [UserErrorCode.DATE_IN_FUTURE]: 'autopay.dateInFuture',
} as const satisfies Partial<Record<UserErrorCode, MessageKey>>;

export type AutopayErrorCode = keyof typeof MESSAGES;

export function autopayError(locale: Locale, field: FieldPath, code: AutopayErrorCode, key: MessageKey = MESSAGES[code], params: MessageParams = {}): UserError {
  return userError(locale, field, code, key, params);
}

export const refusal = (locale: Locale, field: FieldPath, code: AutopayErrorCode): Result<never> => refused(autopayError(locale, field, code));
