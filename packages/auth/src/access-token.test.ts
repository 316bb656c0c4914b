import { SignJWT, UnsecuredJWT, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { secretFromString, signAccessToken, verifyAccessToken, type AccessClaims } from './access-token';

const secret = secretFromString('test-secret-that-is-at-least-32-bytes-long');
const otherSecret = secretFromString('another-secret-that-is-at-least-32-bytes');
const issuer = 'https://billing.example.test';
const now = new Date('2026-03-01T12:00:00Z');
const ttlSeconds = 900;
const claims: AccessClaims = { tenantId: 'tenant-1', userId: 'user-1', roles: ['CUSTOMER', 'BILLING_ADMIN'], sessionId: 'session-1' };

function sign(overrides: Partial<AccessClaims> = {}): Promise<string> {
  return signAccessToken({ ...claims, ...overrides }, { secret, now, ttlSeconds, issuer });
}

function verify(token: string, at: Date = now): ReturnType<typeof verifyAccessToken> {
  return verifyAccessToken(token, { secret, now: at, issuer });
}

/** A correctly signed token with whatever payload a test needs, built without `signAccessToken`. */
function signRaw(payload: JWTPayload, options: { alg?: string; key?: Uint8Array; iss?: string } = {}): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setIssuer(options.iss ?? issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .setJti('jti-1')
    .sign(options.key ?? secret);
}

const fullPayload = { sub: 'user-1', tid: 'tenant-1', sid: 'session-1', roles: ['CUSTOMER'] };

describe('signAccessToken / verifyAccessToken', () => {
  it('round-trips the claims and reports the expiry', async () => {
    const token = await sign();
    await expect(verify(token)).resolves.toEqual({
      ok: true,
      claims,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    });
  });

  it('writes the documented header and claims, with times from the given clock', async () => {
    const token = await sign();
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const payload = decodeJwt(token);
    expect(payload).toMatchObject({
      sub: 'user-1',
      tid: 'tenant-1',
      sid: 'session-1',
      roles: ['CUSTOMER', 'BILLING_ADMIN'],
      iss: issuer,
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + ttlSeconds,
    });
    expect(typeof payload.jti).toBe('string');
  });

  it('gives every token its own jti', async () => {
    const [first, second] = await Promise.all([sign(), sign()]);
    expect(decodeJwt(first).jti).not.toBe(decodeJwt(second).jti);
  });

  it('accepts a token until it expires, then reports EXPIRED', async () => {
    const token = await sign();
    const justBefore = new Date(now.getTime() + (ttlSeconds - 1) * 1000);
    const after = new Date(now.getTime() + (ttlSeconds + 1) * 1000);
    await expect(verify(token, justBefore)).resolves.toMatchObject({ ok: true });
    await expect(verify(token, after)).resolves.toEqual({ ok: false, reason: 'EXPIRED' });
  });

  it('refuses a tampered signature', async () => {
    const token = await sign();
    const [header, payload, signature] = token.split('.');
    const flipped = (signature!.startsWith('A') ? 'B' : 'A') + signature!.slice(1);
    await expect(verify(`${header}.${payload}.${flipped}`)).resolves.toEqual({ ok: false, reason: 'INVALID' });
  });

  it('refuses a tampered payload', async () => {
    const token = await sign();
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), tid: 'tenant-2' })).toString('base64url');
    await expect(verify(`${header}.${forged}.${signature}`)).resolves.toEqual({ ok: false, reason: 'INVALID' });
  });

  it('refuses a token signed with another secret, even an expired one', async () => {
    const token = await signAccessToken(claims, { secret: otherSecret, now, ttlSeconds, issuer });
    await expect(verify(token)).resolves.toEqual({ ok: false, reason: 'INVALID' });
    const later = new Date(now.getTime() + (ttlSeconds + 60) * 1000);
    await expect(verify(token, later)).resolves.toEqual({ ok: false, reason: 'INVALID' });
  });

  it('refuses an unsecured token (alg: none)', async () => {
    const iat = Math.floor(now.getTime() / 1000);
    const token = new UnsecuredJWT(fullPayload)
      .setIssuer(issuer)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttlSeconds)
      .setJti('jti-1')
      .encode();
    await expect(verify(token)).resolves.toEqual({ ok: false, reason: 'INVALID' });
  });

  it('refuses another HMAC algorithm over the same secret', async () => {
    const token = await signRaw(fullPayload, { alg: 'HS512' });
    await expect(verify(token)).resolves.toEqual({ ok: false, reason: 'INVALID' });
  });

  it('refuses a token from another issuer', async () => {
    const token = await signRaw(fullPayload, { iss: 'https://elsewhere.example.test' });
    await expect(verify(token)).resolves.toEqual({ ok: false, reason: 'INVALID' });
    const ours = await signAccessToken(claims, { secret, now, ttlSeconds, issuer: 'https://elsewhere.example.test' });
    await expect(verify(ours)).resolves.toEqual({ ok: false, reason: 'INVALID' });
  });

  it('accepts a hand-built token with every claim (so the refusals below are about the claim)', async () => {
    const token = await signRaw(fullPayload);
    await expect(verify(token)).resolves.toMatchObject({ ok: true, claims: { userId: 'user-1', roles: ['CUSTOMER'] } });
  });

  it.each([
    ['no sub', { ...fullPayload, sub: undefined }],
    ['no tid', { ...fullPayload, tid: undefined }],
    ['no sid', { ...fullPayload, sid: undefined }],
    ['no roles', { ...fullPayload, roles: undefined }],
    ['empty sub', { ...fullPayload, sub: '' }],
    ['empty tid', { ...fullPayload, tid: '' }],
    ['numeric tid', { ...fullPayload, tid: 42 }],
    ['empty sid', { ...fullPayload, sid: '' }],
    ['roles as a string', { ...fullPayload, roles: 'CUSTOMER' }],
    ['roles with a number', { ...fullPayload, roles: ['CUSTOMER', 1] }],
  ])('refuses a correctly signed token with %s', async (_name, payload) => {
    const token = await signRaw(payload);
    await expect(verify(token)).resolves.toEqual({ ok: false, reason: 'INVALID' });
  });

  it('refuses a correctly signed token without exp', async () => {
    const token = await new SignJWT(fullPayload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer(issuer).setIssuedAt(now).setJti('j').sign(secret);
    await expect(verify(token)).resolves.toEqual({ ok: false, reason: 'INVALID' });
  });

  it('still refuses a token it verified before, once expired, or under another secret or issuer', async () => {
    const token = await sign();
    await expect(verify(token)).resolves.toMatchObject({ ok: true });
    await expect(verify(token)).resolves.toEqual({ ok: true, claims, expiresAt: new Date(now.getTime() + ttlSeconds * 1000) });
    // The second `exp` names is already expired (jose's rule); a clock turned back makes it good again.
    await expect(verify(token, new Date(now.getTime() + ttlSeconds * 1000))).resolves.toEqual({ ok: false, reason: 'EXPIRED' });
    await expect(verify(token, new Date(now.getTime() + (ttlSeconds - 1) * 1000))).resolves.toMatchObject({ ok: true });
    await expect(verifyAccessToken(token, { secret: otherSecret, now, issuer })).resolves.toEqual({ ok: false, reason: 'INVALID' });
    await expect(verifyAccessToken(token, { secret, now, issuer: 'https://elsewhere.example.test' })).resolves.toEqual({ ok: false, reason: 'INVALID' });
  });

  it('verifies a token with nbf every time (not before is a time it cannot keep)', async () => {
    const nbf = Math.floor(now.getTime() / 1000) + 60;
    const token = await signRaw({ ...fullPayload, nbf });
    await expect(verify(token, new Date((nbf + 1) * 1000))).resolves.toMatchObject({ ok: true });
    await expect(verify(token)).resolves.toEqual({ ok: false, reason: 'INVALID' });
  });

  it.each(['', 'not-a-jwt', 'a.b.c', 'a.b'])('refuses garbage: %j', async (token) => {
    await expect(verify(token)).resolves.toEqual({ ok: false, reason: 'INVALID' });
  });

  it('refuses a bad ttl or clock as programming errors', async () => {
    await expect(verifyAccessToken('x', { secret, now: new Date(Number.NaN), issuer })).rejects.toThrow(RangeError);
    await expect(signAccessToken(claims, { secret, now: new Date(Number.NaN), ttlSeconds, issuer })).rejects.toThrow(RangeError);
    await expect(signAccessToken(claims, { secret, now, ttlSeconds: 0, issuer })).rejects.toThrow(RangeError);
    await expect(signAccessToken(claims, { secret, now, ttlSeconds: 1.5, issuer })).rejects.toThrow(RangeError);
  });
});

describe('secretFromString', () => {
  it('encodes as UTF-8', () => {
    expect(Array.from(secretFromString('aé'))).toEqual([0x61, 0xc3, 0xa9]);
  });
});
