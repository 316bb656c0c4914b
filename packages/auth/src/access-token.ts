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

/*
 * Tokens this process has verified, so a signed-in client's every request does
 * not pay again for the HMAC and the parse: a token cannot change, so what its
 * signature and claims proved once stays proved; only expiry depends on the
 * time, and it is checked again on every use, against the caller's clock.
 * Kept per secret (by identity: the configuration's one array) and issuer; at
 * most VERIFIED_LIMIT tokens, the oldest going first. Whether the token's
 * session is still open is not the token's business (the caller checks that).
 */
const VERIFIED_LIMIT = 10_000;

interface Verified {
  readonly issuer: string;
  readonly claims: AccessClaims;
  /** The token's `exp`, in seconds since the epoch. */
  readonly exp: number;
}

const verifiedBySecret = new WeakMap<Uint8Array, Map<string, Verified>>();

export async function verifyAccessToken(token: string, options: VerifyAccessTokenOptions): Promise<VerifyAccessTokenResult> {
  // An Invalid Date is a bug in the caller; jose would quietly compare against NaN.
  const now = epochSeconds(options.now);
  let verified = verifiedBySecret.get(options.secret);
  const known = verified?.get(token);
  if (known && known.issuer === options.issuer) {
    // jose's rule, without clock tolerance: expired from the second `exp` names.
    if (known.exp <= now) return { ok: false, reason: 'EXPIRED' };
    return { ok: true, claims: known.claims, expiresAt: new Date(known.exp * 1000) };
  }
  const result = await verifySignedToken(token, options);
  // Only what holds whatever the time but for expiry: a token with `nbf` (never ours) is verified every time.
  if (result.ok && result.notBefore === undefined) {
    if (!verified) verifiedBySecret.set(options.secret, (verified = new Map<string, Verified>()));
    if (verified.size >= VERIFIED_LIMIT) verified.delete(verified.keys().next().value!);
    verified.set(token, { issuer: options.issuer, claims: result.claims, exp: result.expiresAt.getTime() / 1000 });
  }
  return result.ok ? { ok: true, claims: result.claims, expiresAt: result.expiresAt } : result;
}

async function verifySignedToken(
  token: string,
  options: VerifyAccessTokenOptions,
): Promise<{ ok: true; claims: AccessClaims; expiresAt: Date; notBefore: unknown } | { ok: false; reason: 'EXPIRED' | 'INVALID' }> {
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
  return { ok: true, claims, expiresAt: new Date(payload.exp * 1000), notBefore: payload.nbf };
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
