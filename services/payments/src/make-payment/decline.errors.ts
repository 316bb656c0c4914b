import { userError, type Locale, type MessageKey, type UserError, UserErrorCode } from '@platform/core';
import type { PaymentEntity } from '../payment/payment.entity';
import { METHOD_GONE_AT_PROCESSOR } from '../wallet/method-gone';

/*
 * A decline is answered in one shape, wherever a payment is made: the
 * payment itself (DECLINED, or FAILED when the processor could not process
 * it; either way with its confirmation number), and one userError whose
 * code says why and whose field is the method's argument, the thing the
 * payer changes to try again.
 */

/** The processor's decline codes, in the API's vocabulary; one it adds later reads as a plain CARD_DECLINED. */
const DECLINE_CODES: Readonly<Record<string, DeclineCode>> = {
  GENERIC_DECLINE: UserErrorCode.CARD_DECLINED,
  INSUFFICIENT_FUNDS: UserErrorCode.INSUFFICIENT_FUNDS,
  EXPIRED_CARD: UserErrorCode.EXPIRED_CARD,
  PROCESSING_ERROR: UserErrorCode.PROCESSING_ERROR,
  INVALID_ACCOUNT: UserErrorCode.BANK_ACCOUNT_INVALID,
};

type DeclineCode = UserErrorCode.CARD_DECLINED | UserErrorCode.INSUFFICIENT_FUNDS | UserErrorCode.EXPIRED_CARD | UserErrorCode.PROCESSING_ERROR | UserErrorCode.BANK_ACCOUNT_INVALID;

const MESSAGES: Readonly<Record<DeclineCode, MessageKey>> = {
  [UserErrorCode.CARD_DECLINED]: 'payment.declined',
  [UserErrorCode.INSUFFICIENT_FUNDS]: 'payment.insufficientFunds',
  [UserErrorCode.EXPIRED_CARD]: 'payment.expiredCard',
  [UserErrorCode.PROCESSING_ERROR]: 'payment.processingError',
  [UserErrorCode.BANK_ACCOUNT_INVALID]: 'payment.bankAccountInvalid',
};

/** The userError a payment's decline is answered with; none for a payment the processor did not refuse. */
export function declineOf(payment: Pick<PaymentEntity, 'status' | 'declineCode' | 'savedMethodId'>, locale: Locale): UserError | null {
  const field = payment.savedMethodId ? ['input', 'savedMethodId'] : ['input', 'token'];
  if (payment.status === 'DECLINED') {
    const code = DECLINE_CODES[payment.declineCode ?? ''] ?? UserErrorCode.CARD_DECLINED;
    // A saved account has no numbers the payer typed to check: the charge took it out of the wallet (method-gone.ts).
    if (code === UserErrorCode.BANK_ACCOUNT_INVALID && payment.savedMethodId) return userError(locale, field, code, 'payment.savedBankAccountClosed');
    return userError(locale, field, code, MESSAGES[code]);
  }
  if (payment.status === 'FAILED' && payment.declineCode === METHOD_GONE_AT_PROCESSOR) return userError(locale, field, UserErrorCode.METHOD_NOT_FOUND, 'payment.savedMethodGone');
  // Refused by the processor without a decline (a charge it would not make): nothing was taken.
  if (payment.status === 'FAILED') return userError(locale, field, UserErrorCode.PROCESSING_ERROR, 'payment.failed');
  return null;
}
