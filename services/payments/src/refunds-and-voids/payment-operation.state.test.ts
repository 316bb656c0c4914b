import { OPERATION_STATUSES, operationStates } from './payment-operation.state';

describe('the refund and void operation state machine', () => {
  it('settles PENDING or UNKNOWN once, to what the processor said, and never moves again', () => {
    expect(operationStates.canMove('PENDING', 'SUCCEEDED')).toBe(true);
    expect(operationStates.canMove('PENDING', 'UNKNOWN')).toBe(true);
    expect(operationStates.canMove('UNKNOWN', 'FAILED')).toBe(true);
    expect(operationStates.canMove('UNKNOWN', 'PENDING')).toBe(false);
    for (const status of OPERATION_STATUSES) expect(operationStates.canMove(status, status)).toBe(false);
    for (const end of ['SUCCEEDED', 'FAILED'] as const) expect(OPERATION_STATUSES.filter((to) => operationStates.canMove(end, to))).toEqual([]);
  });
});
