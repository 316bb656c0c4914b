import { UserErrorCode } from '@platform/core';
import { isTokenShaped, tokenRefusal } from './processor-token';

describe('tokenRefusal', () => {
  it('takes a token as processors write them', () => {
    expect(tokenRefusal('tok_sandbox_4f9a2c')).toBeNull();
    expect(tokenRefusal('pm-1A2b3C4d')).toBeNull();
  });

  it('names a card number typed where the token belongs, however it is grouped', () => {
    for (const typed of ['4242424242424242', '4242 4242 4242 4242', '4242-4242-4242-4242', '378282246310005']) {
      expect(tokenRefusal(typed)).toEqual({ code: UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, key: 'payment.cardNumberNotAccepted' });
    }
  });

  it('refuses what is not a token before the processor is asked: a mistyped card number, a bank number, text, a path', () => {
    for (const typed of ['4242424242424241', '4242 4242 4242 4241', '000123456789', 'not a token!', 'tok/../../v1/charges', 'short', 'x'.repeat(129)]) {
      expect(tokenRefusal(typed)).toEqual({ code: UserErrorCode.INVALID_TOKEN, key: 'payment.invalidToken' });
    }
  });
});

describe('isTokenShaped', () => {
  it('is the shape alone: the phone line checks the token its provider hands over with it', () => {
    expect([isTokenShaped('tok_sandbox_4f9a2c'), isTokenShaped('12345678'), isTokenShaped('tok 1234')]).toEqual([true, false, false]);
  });
});
