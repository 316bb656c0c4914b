import { methodKindsTaken, takesSavedMethod } from './methods-taken';

it('offers what the city takes, cards first, and a bank account alone where it takes no card', () => {
  expect(methodKindsTaken({ acceptedCardBrands: ['VISA'], echeckAccepted: true })).toEqual(['CARD', 'BANK_ACCOUNT']);
  expect(methodKindsTaken({ acceptedCardBrands: ['VISA', 'MASTERCARD'], echeckAccepted: false })).toEqual(['CARD']);
  expect(methodKindsTaken({ acceptedCardBrands: [], echeckAccepted: true })).toEqual(['BANK_ACCOUNT']);
});

it('takes a saved card of a brand the city accepts, and a saved bank account where it takes e-checks', () => {
  const echecksOnly = { acceptedCardBrands: [], echeckAccepted: true };
  const visaOnly = { acceptedCardBrands: ['VISA'], echeckAccepted: false };
  const visa = { kind: 'CARD', brand: 'VISA' };
  const bank = { kind: 'BANK_ACCOUNT', brand: null };
  expect([takesSavedMethod(echecksOnly, visa), takesSavedMethod(echecksOnly, bank)]).toEqual([false, true]);
  expect([takesSavedMethod(visaOnly, visa), takesSavedMethod(visaOnly, { kind: 'CARD', brand: 'DISCOVER' }), takesSavedMethod(visaOnly, bank)]).toEqual([true, false, false]);
});
