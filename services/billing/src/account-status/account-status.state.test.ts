import { nextStatus } from './account-status.state';

describe('account status changes', () => {
  it('takes an account through disconnection and restoration', () => {
    expect(nextStatus('ACTIVE', 'PAST_DUE')).toBe('DISCONNECT_ELIGIBLE');
    expect(nextStatus('DISCONNECT_ELIGIBLE', 'DISCONNECTED_FOR_NON_PAYMENT')).toBe('DISCONNECTED');
    expect(nextStatus('DISCONNECTED', 'PAID_IN_FULL')).toBe('RESTORATION_PENDING');
    expect(nextStatus('RESTORATION_PENDING', 'RESTORATION_APPROVED')).toBe('ACTIVE');
  });

  it('refuses changes that skip a step or leave a closed account', () => {
    expect(nextStatus('ACTIVE', 'DISCONNECTED_FOR_NON_PAYMENT')).toBeNull();
    expect(nextStatus('DISCONNECTED', 'RESTORATION_APPROVED')).toBeNull();
    expect(nextStatus('CLOSED', 'RESTORATION_APPROVED')).toBeNull();
    expect(nextStatus('CLOSED', 'CLOSED')).toBeNull();
  });

  it('sends a restoration back to disconnected when its payment is returned', () => {
    expect(nextStatus('RESTORATION_PENDING', 'PAYMENT_RETURNED')).toBe('DISCONNECTED');
    expect(nextStatus('RESTORATION_PENDING', 'BALANCE_OWED_AGAIN')).toBe('DISCONNECTED');
    expect(nextStatus('ACTIVE', 'PAYMENT_RETURNED')).toBeNull();
  });
});
