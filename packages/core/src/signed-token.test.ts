import { createHmac } from 'node:crypto';
import { isSignedToken, signedToken } from './signed-token';

const secret = new TextEncoder().encode('a-test-key-of-thirty-two-bytes!!');

describe('signed tokens', () => {
  it('are the HMAC-SHA256 of the parts joined by newlines, as receipt and unsubscribe links already sent were signed', () => {
    expect(signedToken(secret, ['receipt', 'tenant-1', 'payment-1'])).toBe(createHmac('sha256', secret).update('receipt\ntenant-1\npayment-1').digest('base64url'));
  });

  it('accept their own parts only: another purpose, another subject, an altered or empty token are refused', () => {
    const token = signedToken(secret, ['unsubscribe', 'tenant-1', 'user-1', 'AUTOPAY_REMINDER']);
    expect(isSignedToken(secret, ['unsubscribe', 'tenant-1', 'user-1', 'AUTOPAY_REMINDER'], token)).toBe(true);
    expect(isSignedToken(secret, ['receipt', 'tenant-1', 'user-1', 'AUTOPAY_REMINDER'], token)).toBe(false);
    expect(isSignedToken(secret, ['unsubscribe', 'tenant-1', 'user-2', 'AUTOPAY_REMINDER'], token)).toBe(false);
    expect(isSignedToken(secret, ['unsubscribe', 'tenant-1', 'user-1', 'AUTOPAY_REMINDER'], `${token.slice(0, -1)}A`)).toBe(token.endsWith('A'));
    expect(isSignedToken(secret, ['unsubscribe', 'tenant-1', 'user-1', 'AUTOPAY_REMINDER'], '')).toBe(false);
    expect(isSignedToken(new TextEncoder().encode('another-key-of-thirty-two-bytes!'), ['unsubscribe', 'tenant-1', 'user-1', 'AUTOPAY_REMINDER'], token)).toBe(false);
  });
});
