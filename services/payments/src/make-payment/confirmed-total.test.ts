import { UserErrorCode } from '@platform/core';
import { refuseChangedTotal } from './confirmed-total';

describe('refuseChangedTotal', () => {
  const flat = { kind: 'FLAT', amountCents: '250' } as const;

  it('lets through the total the fee makes, and a payment with no total confirmed', () => {
    expect(refuseChangedTotal(flat, 2000n, 2250n, 'en')).toBeNull();
    expect(refuseChangedTotal({ kind: 'NONE' }, 2000n, 2000n, 'en')).toBeNull();
    expect(refuseChangedTotal(flat, 2000n, null, 'en')).toBeNull();
  });

  it('refuses a total the fee no longer makes, higher or lower, saying the fee and the total now', () => {
    expect(refuseChangedTotal(flat, 2000n, 2195n, 'en')).toEqual({
      field: ['input', 'confirmedTotal'],
      code: UserErrorCode.FEE_CHANGED,
      message: 'The convenience fee has changed: it is now $2.50, so the total is $22.50. Nothing was charged. Please check the new total and confirm again.',
    });
    expect(refuseChangedTotal({ kind: 'NONE' }, 2000n, 2195n, 'es')?.message).toBe(
      'El cargo por conveniencia cambió: ahora es de $0.00, así que el total es de $20.00. No se cobró nada. Revise el nuevo total y vuelva a confirmar.',
    );
  });
});
