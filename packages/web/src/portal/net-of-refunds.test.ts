import { netOfRefunds } from './net-of-refunds';

describe('what a payer paid after refunds', () => {
  it('is nothing to say while nothing was refunded', () => {
    expect(netOfRefunds({ total: { cents: '5000' }, refunded: { cents: '0', formatted: '$0.00' } }, 'en')).toBeNull();
  });

  it('is the total charged minus what came back, in exact cents, written as the API writes money', () => {
    expect(netOfRefunds({ total: { cents: '5000' }, refunded: { cents: '3000', formatted: '$30.00' } }, 'en')).toEqual({ refunded: '$30.00', net: '$20.00' });
    expect(netOfRefunds({ total: { cents: '125099' }, refunded: { cents: '1', formatted: '$0.01' } }, 'es')).toEqual({ refunded: '$0.01', net: '$1,250.98' });
    expect(netOfRefunds({ total: { cents: '5395' }, refunded: { cents: '5395', formatted: '$53.95' } }, 'en')).toEqual({ refunded: '$53.95', net: '$0.00' });
  });
});
