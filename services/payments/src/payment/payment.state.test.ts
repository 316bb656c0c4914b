import { PAYMENT_STATUSES, canMove, paymentStates } from './payment.state';

describe('the payment state machine', () => {
  it('goes PENDING -> CAPTURED/AUTHORIZED -> POSTED, and only forward', () => {
    expect(canMove('PENDING', 'CAPTURED')).toBe(true);
    expect(canMove('PENDING', 'AUTHORIZED')).toBe(true);
    expect(canMove('CAPTURED', 'POSTED')).toBe(true);
    expect(canMove('POSTED', 'CAPTURED')).toBe(false);
    expect(canMove('POSTED', 'PENDING')).toBe(false);
  });

  it('resolves UNKNOWN only to what the processor says, never back to PENDING', () => {
    expect(canMove('UNKNOWN', 'CAPTURED')).toBe(true);
    expect(canMove('UNKNOWN', 'FAILED')).toBe(true);
    expect(canMove('UNKNOWN', 'PENDING')).toBe(false);
  });

  it('refunds only what was posted, and returns only e-checks that were accepted', () => {
    expect(canMove('CAPTURED', 'REFUNDED')).toBe(false);
    expect(canMove('POSTED', 'PARTIALLY_REFUNDED')).toBe(true);
    expect(canMove('PARTIALLY_REFUNDED', 'REFUNDED')).toBe(true);
    expect(canMove('AUTHORIZED', 'RETURNED')).toBe(true);
    expect(canMove('CAPTURED', 'RETURNED')).toBe(false);
  });

  it('ends for good in DECLINED, FAILED, VOIDED and RETURNED; REFUNDED only by a late e-check return', () => {
    for (const end of ['DECLINED', 'FAILED', 'VOIDED', 'RETURNED'] as const) {
      expect(PAYMENT_STATUSES.filter((to) => canMove(end, to))).toEqual([]);
    }
    expect(PAYMENT_STATUSES.filter((to) => canMove('REFUNDED', to))).toEqual(['RETURNED']);
    expect(canMove('PARTIALLY_REFUNDED', 'RETURNED')).toBe(true);
  });

  it('refuses a move to the status a payment already has, in the transition check itself', () => {
    for (const status of PAYMENT_STATUSES) {
      expect(canMove(status, status)).toBe(false);
      expect(() => paymentStates.assertMove(status, status, 'p-1')).toThrow(`payment p-1: ${status} -> ${status} is not allowed`);
    }
  });
});
