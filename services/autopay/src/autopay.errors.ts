import { translate, type Locale, type MessageKey, type UserError } from '@platform/core';
import { registerEnumType } from 'type-graphql';

/** What a customer (or a staff member running autopay) can fix. */
export enum AutopayErrorCode {
  /** Text with a NUL character or an unpaired surrogate: refused at the gateway before any resolver runs (@platform/api). */
  INVALID_TEXT = 'INVALID_TEXT',
  ACCOUNT_NOT_LINKED = 'ACCOUNT_NOT_LINKED',
  ACCOUNT_CLOSED = 'ACCOUNT_CLOSED',
  METHOD_NOT_FOUND = 'METHOD_NOT_FOUND',
  /** The city takes autopay from this kind of method on paper only. */
  METHOD_NOT_ALLOWED_ONLINE = 'METHOD_NOT_ALLOWED_ONLINE',
  /** The card expires before the first deduction it would make. */
  METHOD_EXPIRES_TOO_SOON = 'METHOD_EXPIRES_TOO_SOON',
  INVALID_MAX_AMOUNT = 'INVALID_MAX_AMOUNT',
  ALREADY_ENROLLED = 'ALREADY_ENROLLED',
  NOT_ENROLLED = 'NOT_ENROLLED',
  ENROLLED_BY_SOMEONE_ELSE = 'ENROLLED_BY_SOMEONE_ELSE',
  INVALID_DATE = 'INVALID_DATE',
  DATE_IN_FUTURE = 'DATE_IN_FUTURE',
}
registerEnumType(AutopayErrorCode, { name: 'AutopayErrorCode' });

export type AutopayUserError = UserError<AutopayErrorCode>;
export type AutopayResult<T> = { ok: true; value: T } | { ok: false; userErrors: AutopayUserError[] };

/** Each code's message; the codes whose message needs facts (METHOD_NOT_ALLOWED_ONLINE, METHOD_EXPIRES_TOO_SOON, DATE_IN_FUTURE) pass their own key. */
const MESSAGES: Record<AutopayErrorCode, MessageKey> = {
  [AutopayErrorCode.INVALID_TEXT]: 'edge.invalidText',
  [AutopayErrorCode.ACCOUNT_NOT_LINKED]: 'autopay.accountNotLinked',
  [AutopayErrorCode.ACCOUNT_CLOSED]: 'autopay.accountClosed',
  [AutopayErrorCode.METHOD_NOT_FOUND]: 'autopay.methodNotFound',
  [AutopayErrorCode.METHOD_NOT_ALLOWED_ONLINE]: 'autopay.noMethodsOnline',
  [AutopayErrorCode.METHOD_EXPIRES_TOO_SOON]: 'autopay.methodExpires',
  [AutopayErrorCode.INVALID_MAX_AMOUNT]: 'autopay.maxAmountInvalid',
  [AutopayErrorCode.ALREADY_ENROLLED]: 'autopay.alreadyEnrolled',
  [AutopayErrorCode.NOT_ENROLLED]: 'autopay.notEnrolled',
  [AutopayErrorCode.ENROLLED_BY_SOMEONE_ELSE]: 'autopay.enrolledBySomeoneElse',
  [AutopayErrorCode.INVALID_DATE]: 'autopay.dateInvalid',
  [AutopayErrorCode.DATE_IN_FUTURE]: 'autopay.dateInFuture',
};

export function autopayError(locale: Locale, field: readonly string[], code: AutopayErrorCode, key: MessageKey = MESSAGES[code], params: Readonly<Record<string, string>> = {}): AutopayUserError {
  return { field, code, message: translate(locale, key, params) };
}

export const refusal = (locale: Locale, field: readonly string[], code: AutopayErrorCode): AutopayResult<never> => ({ ok: false, userErrors: [autopayError(locale, field, code)] });
