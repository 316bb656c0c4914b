import { convenienceFeeCents } from './convenience-fee';

describe('convenienceFeeCents', () => {
  it('charges nothing, a flat fee, or a percentage with a minimum, rounded half up to the cent', () => {
    expect(convenienceFeeCents({ kind: 'NONE' }, 10000n)).toBe(0n);
    expect(convenienceFeeCents({ kind: 'FLAT', amountCents: '195' }, 10000n)).toBe(195n);
    expect(convenienceFeeCents({ kind: 'PERCENT', basisPoints: 295, minimumCents: '100' }, 10000n)).toBe(295n);
    expect(convenienceFeeCents({ kind: 'PERCENT', basisPoints: 295, minimumCents: '100' }, 1000n)).toBe(100n);
    expect(convenienceFeeCents({ kind: 'PERCENT', basisPoints: 250, minimumCents: '0' }, 8585n)).toBe(215n); // 214.625 -> 215
  });
});
