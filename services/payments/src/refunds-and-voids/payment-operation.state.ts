import { StateMachine } from '../state-machine';

export const OPERATION_KINDS = ['REFUND', 'VOID'] as const;
/** What staff asked the processor to do to a captured payment. */
export type OperationKind = (typeof OPERATION_KINDS)[number];

export const OPERATION_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'UNKNOWN'] as const;
/**
 * PENDING: recorded, the processor not yet asked or not yet answered.
 * SUCCEEDED / FAILED: the processor's answer. UNKNOWN: it did not answer;
 * reconciliation asks again under the same key. A FAILED one may still turn
 * SUCCEEDED: a copy of its request sent before the refusal was recorded (a
 * staff retry, a reconciliation pass) that the processor carried out later,
 * once the refusal's reason was gone (an e-check that settled meanwhile).
 * The money moved, so the books follow.
 */
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

export const operationStates = new StateMachine<OperationStatus>('payment operation', {
  PENDING: ['SUCCEEDED', 'FAILED', 'UNKNOWN'],
  UNKNOWN: ['SUCCEEDED', 'FAILED'],
  SUCCEEDED: [],
  FAILED: ['SUCCEEDED'],
});
