import 'reflect-metadata';
import { loadConfig } from './config';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('the receipt-token key', () => {
  it('is parsed once from RECEIPT_TOKEN_SECRET, and is the session key when that is not set', () => {
    const own = loadConfig({ AUTH_TOKEN_SECRET: 'a-session-key-of-thirty-two-chars-or-more', RECEIPT_TOKEN_SECRET: 'a-receipt-key-of-thirty-two-chars-or-more' });
    expect(text(own.receiptTokenSecret)).toBe('a-receipt-key-of-thirty-two-chars-or-more');
    expect(text(own.sessions.secret)).toBe('a-session-key-of-thirty-two-chars-or-more');
    const shared = loadConfig({ AUTH_TOKEN_SECRET: 'a-session-key-of-thirty-two-chars-or-more' });
    expect(text(shared.receiptTokenSecret)).toBe('a-session-key-of-thirty-two-chars-or-more');
    expect(() => loadConfig({ RECEIPT_TOKEN_SECRET: 'short' })).toThrow(/RECEIPT_TOKEN_SECRET/);
  });
});
