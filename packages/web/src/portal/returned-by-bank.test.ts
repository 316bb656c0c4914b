import { mayStillBeReturned, returnedByBank } from './returned-by-bank';

describe('what the bank took back of a returned e-check', () => {
  it('is nothing to say for a payment the bank did not return', () => {
    expect(returnedByBank({ status: 'POSTED', returnCode: null, total: { cents: '2000' }, refunded: { cents: '0' } }, 'en')).toBeNull();
  });

  it('is what refunds had not given back, in exact cents, with the code, and nothing stays paid', () => {
    expect(returnedByBank({ status: 'RETURNED', returnCode: 'R01', total: { cents: '2000' }, refunded: { cents: '0' } }, 'en')).toEqual({ takenBack: '$20.00', code: 'R01', net: '$0.00' });
    expect(returnedByBank({ status: 'RETURNED', returnCode: null, total: { cents: '125099' }, refunded: { cents: '1' } }, 'es')).toEqual({ takenBack: '$1,250.98', code: null, net: '$0.00' });
  });
});

describe('whether a receipt says the bank can still return the payment', () => {
  const bank = { kind: 'BANK_ACCOUNT' };
  it('says so of an e-check not yet settled, received or posted', () => {
    expect(mayStillBeReturned({ status: 'AUTHORIZED', settledAt: null, method: bank })).toBe(true);
    expect(mayStillBeReturned({ status: 'POSTED', settledAt: null, method: bank })).toBe(true);
  });
  it('says nothing once its bank settled it, once it ended otherwise, or of a card', () => {
    expect(mayStillBeReturned({ status: 'POSTED', settledAt: '2026-11-27T18:00:00Z', method: bank })).toBe(false);
    expect(mayStillBeReturned({ status: 'RETURNED', settledAt: null, method: bank })).toBe(false);
    expect(mayStillBeReturned({ status: 'VOIDED', settledAt: null, method: bank })).toBe(false);
    expect(mayStillBeReturned({ status: 'CAPTURED', settledAt: null, method: { kind: 'CARD' } })).toBe(false);
  });
});
