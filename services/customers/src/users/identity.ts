import { containsCardNumber, type Locale, type MessageKey, UserErrorCode } from '@platform/core';

/*
 * Checks and normal forms for what people type about themselves. Each check
 * returns the normal form, or the error code and catalogue key to report.
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; code: UserErrorCode; messageKey: MessageKey };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const USERNAME = /^[a-z0-9._-]{3,32}$/;

export function checkEmail(input: string): Checked<string> {
  const email = input.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? { ok: true, value: email } : { ok: false, code: UserErrorCode.INVALID_EMAIL, messageKey: 'customer.emailInvalid' };
}

/** Names are kept and shown: a card number typed into one is refused, never stored. */
const CARD_NUMBER: Checked<never> = { ok: false, code: UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, messageKey: 'error.cardNumberInText' };

export function checkUsername(input: string): Checked<string> {
  const username = input.trim().toLowerCase();
  if (containsCardNumber(username)) return CARD_NUMBER;
  return USERNAME.test(username) ? { ok: true, value: username } : { ok: false, code: UserErrorCode.INVALID_USERNAME, messageKey: 'customer.usernameInvalid' };
}

/** US numbers only, stored as E.164: "(405) 217-7739" -> "+14052177739". */
export function checkPhone(input: string): Checked<string> {
  const digits = input.replace(/[\s().+-]/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(national) ? { ok: true, value: `+1${national}` } : { ok: false, code: UserErrorCode.INVALID_PHONE, messageKey: 'customer.phoneInvalid' };
}

export function checkName(input: string): Checked<string> {
  const name = input.trim().replace(/\s+/g, ' ');
  if (containsCardNumber(name)) return CARD_NUMBER;
  return name.length >= 1 && name.length <= 120 ? { ok: true, value: name } : { ok: false, code: UserErrorCode.INVALID_NAME, messageKey: 'customer.nameInvalid' };
}

export function checkLocale(input: Locale, enabled: readonly Locale[]): Checked<Locale> {
  return enabled.includes(input) ? { ok: true, value: input } : { ok: false, code: UserErrorCode.UNSUPPORTED_LOCALE, messageKey: 'customer.localeUnsupported' };
}
