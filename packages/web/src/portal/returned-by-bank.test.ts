import { returnedByBank } from './returned-by-bank';

describe('what the bank took back of a returned e-check', () => {
  it('is nothing to say for a payment the bank did not return', () => {
    expect(returnedByBank({ status: 'POSTED', returnCode: null, total: { cents: '2000' }, refunded: { cents: '0' } }, 'en')).toBeNull();
  });

  it('is what refunds had not given back, in exact cents, with the code, and nothing stays paid', () => {
    expect(returnedByBank({ status: 'RETURNED', returnCode: 'R01', total: { cents: '2000' }, refunded: { cents: '0' } }, 'en')).toEqual({ takenBack: '$20.00', code: 'R01', net: '$0.00' });
    expect(returnedByBank({ status: 'RETURNED', returnCode: null, total: { cents: '125099' }, refunded: { cents: '1' } }, 'es')).toEqual({ takenBack: '$1,250.98', code: null, net: '$0.00' });
  });
});
