import { createHash } from 'node:crypto';
import { createOpaqueToken, hashOpaqueToken } from './opaque-token';

describe('opaque tokens', () => {
  it('are 32 random bytes as 43 base64url characters', () => {
    const { token } = createOpaqueToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('come with the SHA-256 hex of the token as their stored form', () => {
    const { token, hash } = createOpaqueToken();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashOpaqueToken(token));
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it('hash the same token to the same value and different tokens apart', () => {
    expect(hashOpaqueToken('abc')).toBe(hashOpaqueToken('abc'));
    expect(hashOpaqueToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const tokens = Array.from({ length: 50 }, () => createOpaqueToken());
    expect(new Set(tokens.map((t) => t.token)).size).toBe(50);
    expect(new Set(tokens.map((t) => t.hash)).size).toBe(50);
  });
});
