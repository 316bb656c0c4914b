import { randomUUID } from 'node:crypto';
import { type TenantContext, type TenantRef, type Viewer } from '@platform/api';
import { createOpaqueToken, hashOpaqueToken, signAccessToken, verifyAccessToken, recordSecurityEvent } from '@platform/auth';
import { DomainError, ErrorCode, ok, refused, translate, userError, type Clock, type Locale, UserErrorCode, type Result } from '@platform/core';
import { afterCommit, withTenant } from '@platform/db';
import type { DataSource, EntityManager } from 'typeorm';
import { In, IsNull, MoreThan } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionEntity } from './session.entity';
import type { SessionSettings } from './session-settings';
import { UserEntity } from '../users/user.entity';
import { forgetSession, forgetUserSessions, openSession } from './open-session-cache';
import { recheckUnderLock } from './credential-recheck';

/** What a client keeps after signing in. The refresh token is shown once and stored only as a hash. */
export interface IssuedSession {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: Date;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: Date;
  readonly user: UserEntity;
}

/** Opens a session for a user who just proved who they are, in the caller's transaction. */
export async function startSession(manager: EntityManager, ctx: TenantContext, settings: SessionSettings, user: UserEntity): Promise<IssuedSession> {
  const now = ctx.clock.now();
  const session = await manager.getRepository(SessionEntity).save({
    tenantId: ctx.tenant.id,
    id: randomUUID(),
    userId: user.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + settings.refreshTokenTtlSeconds * 1000),
    revokedAt: null,
    revokedReason: null,
  });
  return issueTokens(manager, ctx, settings, session, user);
}

async function issueTokens(manager: EntityManager, ctx: TenantContext, settings: SessionSettings, session: SessionEntity, user: UserEntity): Promise<IssuedSession> {
  const now = ctx.clock.now();
  const refresh = createOpaqueToken();
  await manager.getRepository(RefreshTokenEntity).insert({ tenantId: ctx.tenant.id, tokenHash: refresh.hash, sessionId: session.id, issuedAt: now, usedAt: null });
  const accessToken = await signAccessToken(
    { tenantId: ctx.tenant.id, userId: user.id, roles: user.roles, sessionId: session.id },
    { secret: settings.secret, now, ttlSeconds: settings.accessTokenTtlSeconds, issuer: settings.issuer },
  );
  return {
    accessToken,
    accessTokenExpiresAt: new Date(now.getTime() + settings.accessTokenTtlSeconds * 1000),
    refreshToken: refresh.token,
    refreshTokenExpiresAt: session.expiresAt,
    user,
  };
}

/**
 * Exchanges a refresh token for a new pair. Each refresh token works once:
 * presenting a used one means it was copied, so the whole session (every
 * token of the family) is revoked.
 *
 * A session ends `refreshTokenTtlSeconds` after sign-in however often it is refreshed, unless the person asks for more
 * time: `extend` (their "Stay signed in" as the page warns that the session is ending, WCAG 2.2.1) moves its end to a
 * whole lifetime from now, never sooner than it was, and is kept in the security log.
 */
export async function refreshSession(ctx: TenantContext, settings: SessionSettings, refreshToken: string, extend = false): Promise<Result<IssuedSession>> {
  const invalid = refused(userError(ctx.locale, ['refreshToken'], UserErrorCode.INVALID_TOKEN, 'customer.invalidRefreshToken'));
  return withTenant(ctx, async (manager) => {
    const now = ctx.clock.now();
    const token = await manager.getRepository(RefreshTokenEntity).findOne({ where: { tokenHash: hashOpaqueToken(refreshToken) }, lock: { mode: 'pessimistic_write' } });
    if (!token) return invalid;
    const session = await manager.getRepository(SessionEntity).findOne({ where: { id: token.sessionId }, lock: { mode: 'pessimistic_write' } });
    if (!session || session.revokedAt || session.expiresAt <= now) return invalid;
    if (token.usedAt) {
      await revoke(manager, session, now, 'REFRESH_TOKEN_REUSED');
      await recordSecurityEvent(manager, ctx, { kind: 'REFRESH_TOKEN_REUSED', userId: session.userId, actor: 'anonymous', detail: { sessionId: session.id } });
      return invalid;
    }
    await manager.getRepository(RefreshTokenEntity).update({ tokenHash: token.tokenHash }, { usedAt: now });
    if (extend) {
      const extendedTo = new Date(Math.max(session.expiresAt.getTime(), now.getTime() + settings.refreshTokenTtlSeconds * 1000));
      await manager.getRepository(SessionEntity).update({ id: session.id }, { expiresAt: extendedTo });
      session.expiresAt = extendedTo;
      await recordSecurityEvent(manager, ctx, { kind: 'SESSION_REFRESHED', userId: session.userId, actor: session.userId, detail: { sessionId: session.id, extendedTo: extendedTo.toISOString() } });
    }
    const user = await manager.getRepository(UserEntity).findOneByOrFail({ id: session.userId });
    return ok(await issueTokens(manager, ctx, settings, session, user));
  });
}

/**
 * Ends the viewer's session, or the one a refresh token belongs to. Ending an ended session is not an error; naming
 * none (a guest sending no refresh token) is REQUIRED at refreshToken: "done" would tell a client that meant to sign
 * out, and whose credential did not arrive, that a session still open had ended.
 */
export async function endSession(ctx: TenantContext, refreshToken: string | null): Promise<Result<true>> {
  if (!ctx.viewer && !refreshToken) return refused(userError(ctx.locale, ['refreshToken'], UserErrorCode.REQUIRED, 'customer.nothingToSignOut'));
  await withTenant(ctx, async (manager) => {
    const sessionId = ctx.viewer?.sessionId ?? (refreshToken ? (await manager.getRepository(RefreshTokenEntity).findOneBy({ tokenHash: hashOpaqueToken(refreshToken) }))?.sessionId : undefined);
    if (!sessionId) return;
    const session = await manager.getRepository(SessionEntity).findOneBy({ id: sessionId, revokedAt: IsNull() });
    if (!session) return;
    await revoke(manager, session, ctx.clock.now(), 'LOGOUT');
    await recordSecurityEvent(manager, ctx, { kind: 'LOGOUT', userId: session.userId, actor: session.userId });
  });
  return ok(true);
}

/**
 * Ends every session the viewer has open, the one asking included: "sign out everywhere", for a phone or laptop lost
 * or stolen, or a counter PC left signed in, without changing a password. Each ends as logout ends one (its access
 * token refused from the next request, its refresh token INVALID_TOKEN, its WebSockets closed by `session_ended`); a
 * refresh under way finishes first (it holds its session's row) and is ended with the rest. The password stays as it
 * is, so signing in again works at once.
 */
export async function endEverySession(ctx: TenantContext): Promise<Result<true>> {
  const viewer = ctx.viewer;
  // The resolver's @Authorized guarantees a viewer.
  if (!viewer) throw new Error('endEverySession called without a viewer');
  await withTenant(ctx, async (manager) => {
    await revokeUserSessions(manager, viewer.userId, ctx.clock.now(), 'LOGOUT_EVERYWHERE');
    await recordSecurityEvent(manager, ctx, { kind: 'LOGOUT', userId: viewer.userId, actor: viewer.userId, detail: { everywhere: 'true' } });
  });
  return ok(true);
}

/** Revokes every open session of a user except, optionally, one (the one changing the password). */
export async function revokeUserSessions(manager: EntityManager, userId: string, now: Date, reason: string, keepSessionId?: string): Promise<void> {
  const query = manager.createQueryBuilder().update(SessionEntity).set({ revokedAt: now, revokedReason: reason }).where('user_id = :userId AND revoked_at IS NULL', { userId });
  if (keepSessionId) query.andWhere('id <> :keep', { keep: keepSessionId });
  await query.execute();
  // This instance refuses them from the next request on; the others when session_ended reaches them.
  afterCommit(manager, () => forgetUserSessions(manager.connection, userId));
}

async function revoke(manager: EntityManager, session: SessionEntity, now: Date, reason: string): Promise<void> {
  await manager.getRepository(SessionEntity).update({ id: session.id }, { revokedAt: now, revokedReason: reason });
  afterCommit(manager, () => forgetSession(manager.connection, session.id));
}

export interface AuthenticationDeps {
  readonly db: DataSource;
  readonly clock: Clock;
  readonly settings: SessionSettings;
}

/**
 * The gateway's check of a bearer access token: signed by us, unexpired,
 * issued for the request's own city, and its session still open. Anything
 * else is UNAUTHENTICATED, with a message saying what to do; a good token on
 * a request that names no city is TENANT_REQUIRED.
 */
export async function authenticate(deps: AuthenticationDeps, tenant: TenantRef | null, accessToken: string, locale: Locale): Promise<Viewer> {
  const now = deps.clock.now();
  const verified = await verifyAccessToken(accessToken, { secret: deps.settings.secret, now, issuer: deps.settings.issuer });
  if (!verified.ok) {
    const key = verified.reason === 'EXPIRED' ? 'customer.sessionExpired' : 'customer.invalidRefreshToken';
    throw new DomainError(ErrorCode.UNAUTHENTICATED, translate(locale, key), { reason: verified.reason === 'EXPIRED' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID' });
  }
  const { claims } = verified;
  // No city named is not another city's session: signing in again would not help, naming the city would.
  if (!tenant) throw new DomainError(ErrorCode.TENANT_REQUIRED, translate(locale, 'tenant.required'));
  if (claims.tenantId !== tenant.id) {
    throw new DomainError(ErrorCode.UNAUTHENTICATED, translate(locale, 'customer.otherTenantSession'), { reason: 'WRONG_TENANT' });
  }
  // From the gateway's copy of open sessions when it keeps one: see open-session-cache.ts for how an ended session is refused in time.
  const session = await openSession(deps.db, claims.sessionId, now, () => withTenant({ db: deps.db, tenant }, (manager) => manager.getRepository(SessionEntity).findOneBy({ id: claims.sessionId })));
  if (!session || session.userId !== claims.userId) {
    throw new DomainError(ErrorCode.UNAUTHENTICATED, translate(locale, 'customer.invalidRefreshToken'), { reason: 'SESSION_ENDED' });
  }
  return {
    userId: claims.userId,
    sessionId: claims.sessionId,
    roles: claims.roles,
    expiresAt: verified.expiresAt,
    stillSignedIn: async (manager) => {
      const now = deps.clock.now();
      if (verified.expiresAt <= now) return false;
      const standing = await recheckUnderLock(manager, claims.userId, { session: { id: claims.sessionId, now } }, 'SHARE');
      return 'roles' in standing && sameRoles(standing.roles, claims.roles);
    },
  };
}

const sameRoles = (held: readonly string[], carried: readonly string[]): boolean => held.length === carried.length && held.every((role) => carried.includes(role));

/**
 * Of these sessions of one city, the ones no longer open (revoked, expired or
 * gone), in one query: the gateway's periodic re-check of its WebSockets,
 * under the `session_ended` notifications it may have missed.
 */
export async function endedSessionIds(db: DataSource, tenant: TenantRef, sessionIds: readonly string[], now: Date): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const open = await withTenant({ db, tenant }, (manager) =>
    manager.getRepository(SessionEntity).find({ select: { id: true }, where: { id: In([...sessionIds]), revokedAt: IsNull(), expiresAt: MoreThan(now) } }),
  );
  const stillOpen = new Set(open.map((session) => session.id));
  return new Set(sessionIds.filter((id) => !stillOpen.has(id)));
}
