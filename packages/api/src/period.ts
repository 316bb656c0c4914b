import { DomainError, ErrorCode, translate, type Locale } from '@platform/core';

/**
 * Refuses a period asked for backwards (BAD_USER_INPUT, reason
 * INVALID_PERIOD, at `field`, the path to its `to`): answered as asked it
 * would be an empty list or summary, read as "nothing happened".
 */
export function assertPeriodInOrder(locale: Locale, from: Date, to: Date, field: string): void {
  if (to < from) throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(locale, 'error.periodInverted'), { reason: 'INVALID_PERIOD', field });
}
