import { findPaymentByKey, textPaymentOutcome } from '@platform/payments';
import type { CallOutcome } from './call.entity';
import { callPaymentKey } from './call-flow';
import type { CallStep } from './call-state';
import { textableCaller } from './caller-texts';
import { recordSettledPayment, type CallRecordScope } from './settled-payment-record';

/** A call as it was the moment it ended without a webhook deciding it (a hang-up, or its state expiring). */
export interface EndedCall {
  readonly callSid: string;
  readonly outcome: CallOutcome;
  readonly step: CallStep;
  /** The call's payment attempt then; null when it had none (no state). */
  readonly attempt: number | null;
}

/**
 * A caller who leaves while a payment is under way (confirmed, or on hold)
 * never hears how it went, whether the provider says they hung up or the
 * call's state expires because it never did. Once the call is over, a
 * payment recorded under its key is told as a settled one is
 * (recordSettledPayment: on the call, and texted); one still with the
 * processor gets the caller's number (one the city may text), so its outcome
 * is texted when it is recorded (textPaymentOutcome). The call must be ended first and the
 * payment read after: a payment settling meanwhile then either finds the
 * call over or is read here as settled.
 */
export async function tellPaymentOfEndedCall(scope: CallRecordScope, call: EndedCall, from: string | null): Promise<void> {
  if (call.outcome !== 'IN_PROGRESS' || call.attempt === null || (call.step !== 'CONFIRM' && call.step !== 'PAYING')) return;
  const payment = await findPaymentByKey(scope, callPaymentKey(call.callSid, call.attempt));
  if (!payment) return;
  if (payment.status !== 'PENDING') return recordSettledPayment(scope, call.callSid, payment, from);
  const textTo = await textableCaller(scope, from);
  if (textTo) await textPaymentOutcome(scope, payment.id, textTo);
}
