import { OPERATION_STATUSES, operationStates } from './payment-operation.state';

describe('the refund and void operation state machine', () => {
  it('settles PENDING or UNKNOWN to what the processor said; a refusal may turn out done after all, and nothing else moves again', () => {
    expect(operationStates.canMove('PENDING', 'SUCCEEDED')).toBe(true);
    expect(operationStates.canMove('PENDING', 'UNKNOWN')).toBe(true);
    expect(operationStates.canMove('UNKNOWN', 'FAILED')).toBe(true);
    expect(operationStates.canMove('UNKNOWN', 'PENDING')).toBe(false);
    for (const status of OPERATION_STATUSES) expect(operationStates.canMove(status, status)).toBe(false);
    expect(OPERATION_STATUSES.filter((to) => operationStates.canMove('SUCCEEDED', to))).toEqual([]);
    expect(OPERATION_STATUSES.filter((to) => operationStates.canMove('FAILED', to))).toEqual(['SUCCEEDED']);
  });
});
