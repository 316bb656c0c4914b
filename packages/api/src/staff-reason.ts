import { containsCardNumber, UserErrorCode } from '@platform/core';
import { z } from 'zod';
import { problem } from './validate-input';

/**
 * A reason staff type for what the audit log keeps (a refund, a void, a block lifted, a lockout cleared): required,
 * kept for good, so short and never with a card number in it.
 */
export const staffReasonInput = z
  .string()
  .trim()
  .min(1, { ...problem(UserErrorCode.REQUIRED, 'payment.reasonRequired'), abort: true })
  .max(500, problem(UserErrorCode.TOO_LONG, 'error.tooLong'))
  .refine((text) => !containsCardNumber(text), problem(UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'error.cardNumberInText'));
