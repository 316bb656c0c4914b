import { randomUUID } from 'node:crypto';
import { SignJWT, errors, jwtVerify, type JWTPayload } from 'jose';

/**
 * Short-lived bearer tokens, HS256 over a shared secret: the gateway both signs
 * and verifies them, so there is no third party to hand a public key to. They
 * carry just enough to authorize a request without a database read; the
 * session id lets a revoked session be refused while its token is still live.
 */
export interface AccessClaims {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly string[];
  readonly sessionId: string;
}

export interface SignAccessTokenOptions {
  readonly secret: Uint8Array;
  /** From the injected clock, never the wall clock, so tests and replays control expiry. */
  readonly now: Date;
  readonly ttlSeconds: number;
  readonly issuer: string;
}

export interface VerifyAccessTokenOptions {
  readonly secret: Uint8Array;
  readonly now: Date;
  readonly issuer: string;
}

/**
 * EXPIRED is told apart so a client knows to refresh; every other failure is
 * INVALID, and which check failed is deliberately not said.
 */
export type VerifyAccessTokenResult = { ok: true; claims: AccessClaims; expiresAt: Date } | { ok: false; reason: 'EXPIRED' | 'INVALID' };

const ALGORITHM = 'HS256';
const TOKEN_TYPE = 'JWT';

export async function signAccessToken(claims: AccessClaims, options: SignAccessTokenOptions): Promise<string> {
  if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds <= 0) {
    throw new RangeError('ttlSeconds must be a positive integer');
  }
  const issuedAt = epochSeconds(options.now);
  return new SignJWT({ tid: claims.tenantId, roles: [...claims.roles], sid: claims.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, typ: TOKEN_TYPE })
    .setSubject(claims.userId)
    .setIssuer(options.issuer)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + options.ttlSeconds)
    .setJti(randomUUID())
    .sign(options.secret);
}

export async function verifyAccessToken(token: string, options: VerifyAccessTokenOptions): Promise<VerifyAccessTokenResult> {
  // An Invalid Date is a bug in the caller; jose would quietly compare against NaN.
  epochSeconds(options.now);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, options.secret, {
      algorithms: [ALGORITHM],
      typ: TOKEN_TYPE,
      issuer: options.issuer,
      currentDate: options.now,
      requiredClaims: ['exp', 'iat', 'sub', 'jti'],
    }));
  } catch (error) {
    // jose checks the signature before the claims, so only a genuine token can be EXPIRED.
    return { ok: false, reason: error instanceof errors.JWTExpired ? 'EXPIRED' : 'INVALID' };
  }
  const claims = readClaims(payload);
  if (!claims || typeof payload.exp !== 'number') return { ok: false, reason: 'INVALID' };
  return { ok: true, claims, expiresAt: new Date(payload.exp * 1000) };
}

/**
 * For configuration: the secret as given in the environment, as UTF-8 bytes.
 * Length is the configuration's to enforce (RFC 7518 asks for at least 32
 * bytes for HS256); tests may use shorter ones.
 */
export function secretFromString(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

/**
 * The signature proves who wrote the payload, not that it has the shape this
 * code wrote; a token from an older release or another signer of the same key
 * could lack a claim or type it differently.
 */
function readClaims(payload: JWTPayload): AccessClaims | null {
  const { sub, tid, sid, roles } = payload;
  if (!isNonEmptyString(sub) || !isNonEmptyString(tid) || !isNonEmptyString(sid)) return null;
  if (!Array.isArray(roles) || !roles.every((role): role is string => typeof role === 'string')) return null;
  return Object.freeze({ tenantId: tid, userId: sub, roles: Object.freeze([...roles]), sessionId: sid });
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function epochSeconds(date: Date): number {
  const milliseconds = date.getTime();
  if (Number.isNaN(milliseconds)) throw new RangeError('now must be a valid date');
  return Math.floor(milliseconds / 1000);
}
