import { StateMachine } from '../state-machine';

export const OPERATION_KINDS = ['REFUND', 'VOID'] as const;
/** What staff asked the processor to do to a captured payment. */
export type OperationKind = (typeof OPERATION_KINDS)[number];

export const OPERATION_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'UNKNOWN'] as const;
/**
 * PENDING: recorded, the processor not yet asked or not yet answered.
 * SUCCEEDED / FAILED: the processor's answer. UNKNOWN: it did not answer;
 * reconciliation asks again under the same key.
 */
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

export const operationStates = new StateMachine<OperationStatus>('payment operation', {
  PENDING: ['SUCCEEDED', 'FAILED', 'UNKNOWN'],
  UNKNOWN: ['SUCCEEDED', 'FAILED'],
  SUCCEEDED: [],
  FAILED: [],
});
