import { UserErrorCode } from '@platform/core';
import { refuseChangedTotal } from './confirmed-total';

describe('refuseChangedTotal', () => {
  const flat = { kind: 'FLAT', amountCents: '250' } as const;

  it('lets through the total the fee makes, and a payment with no total confirmed', () => {
    expect(refuseChangedTotal(flat, 2000n, 2250n, 'en')).toBeNull();
    expect(refuseChangedTotal({ kind: 'NONE' }, 2000n, 2000n, 'en')).toBeNull();
    expect(refuseChangedTotal(flat, 2000n, null, 'en')).toBeNull();
  });

  it('refuses a total the fee does not make, higher or lower, saying the amount, the fee and the total now', () => {
    expect(refuseChangedTotal(flat, 2000n, 2195n, 'en')).toEqual({
      field: ['input', 'confirmedTotal'],
      code: UserErrorCode.FEE_CHANGED,
      message: 'The total for a payment of $20.00 is $22.50, with a convenience fee of $2.50, not the $21.95 confirmed. Nothing was charged. Please check the total and confirm again.',
    });
    expect(refuseChangedTotal(flat, 2000n, 2251n, 'es')?.message).toBe(
      'El total de un pago de $20.00 es de $22.50, con un cargo por conveniencia de $2.50, y no de $22.51 como se confirmó. No se cobró nada. Revise el total y vuelva a confirmar.',
    );
  });

  it('says there is no fee where there is none, and never that a fee changed: it may never have been', () => {
    expect(refuseChangedTotal({ kind: 'NONE' }, 2000n, 2001n, 'en')?.message).toBe(
      'The total for a payment of $20.00 is $20.00, with no convenience fee, not the $20.01 confirmed. Nothing was charged. Please check the total and confirm again.',
    );
    expect(refuseChangedTotal({ kind: 'NONE' }, 2000n, 2195n, 'es')?.message).toBe(
      'El total de un pago de $20.00 es de $20.00, sin cargo por conveniencia, y no de $21.95 como se confirmó. No se cobró nada. Revise el total y vuelva a confirmar.',
    );
  });
});
