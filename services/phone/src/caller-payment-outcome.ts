import type { PaymentStatus } from '@platform/payments';

/**
 * What a caller is told of a payment of their call, by its status as read:
 * PAID (the money is in, a refund of part of it since or not), BEING_CONFIRMED
 * (the processor has not said), DECLINED (refused: another card is offered),
 * or TAKEN_BACK (voided, refunded or returned before the caller heard how it
 * went, as staff or reconciliation may do while a caller holds: nothing is
 * kept, and another card is offered as after a decline).
 *
 * A switch over every status, so a status added to payments is a compile
 * error here rather than a payment told as something it is not.
 */
export type CallerPaymentOutcome = 'PAID' | 'BEING_CONFIRMED' | 'DECLINED' | 'TAKEN_BACK';

export function callerOutcomeOf(status: PaymentStatus): CallerPaymentOutcome {
  switch (status) {
    case 'AUTHORIZED':
    case 'CAPTURED':
    case 'POSTED':
    case 'PARTIALLY_REFUNDED':
      return 'PAID';
    case 'PENDING':
    case 'UNKNOWN':
      return 'BEING_CONFIRMED';
    case 'DECLINED':
    case 'FAILED':
      return 'DECLINED';
    case 'VOIDED':
    case 'REFUNDED':
    case 'RETURNED':
    case 'DISPUTED':
      return 'TAKEN_BACK';
  }
}

/** A payment that makes its call PAID when it is put on the call: its money is in, or the processor has not said. */
export const goesOnTheCall = (status: PaymentStatus): boolean => {
  const outcome = callerOutcomeOf(status);
  return outcome === 'PAID' || outcome === 'BEING_CONFIRMED';
};
