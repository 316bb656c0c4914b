import { type Result } from '@platform/core';
import { type UserErrorType } from '@platform/api';
import type { SecurityEventEntity } from '@platform/auth';
import type { AuthPayloadType, CustomerActionPayloadType, SecurityEventType, UserPayloadType, UserType } from './customer.types';
import type { IssuedSession } from './sign-in/session.service';
import type { UserEntity } from './users/user.entity';

export function toUserType(user: UserEntity): UserType {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    name: user.fullName,
    phone: user.phone,
    locale: user.locale,
    roles: [...user.roles],
    createdAt: user.createdAt,
  };
}

const errorsOf = <T>(result: Result<T>): UserErrorType[] =>
  result.ok ? [] : result.userErrors.map((e) => ({ field: [...e.field], code: e.code, message: e.message }));

export function toAuthPayload(result: Result<IssuedSession>): AuthPayloadType {
  if (!result.ok) return { session: null, user: null, userErrors: errorsOf(result) };
  const { user, ...session } = result.value;
  return { session, user: toUserType(user), userErrors: [] };
}

export function toUserPayload(result: Result<UserEntity>): UserPayloadType {
  return { user: result.ok ? toUserType(result.value) : null, userErrors: errorsOf(result) };
}

export function toActionPayload(result: Result<unknown>): CustomerActionPayloadType {
  return { userErrors: errorsOf(result) };
}

export function toSecurityEventType(event: SecurityEventEntity): SecurityEventType {
  return {
    id: event.id,
    occurredAt: event.occurredAt,
    kind: event.kind,
    userId: event.userId,
    actor: event.actor,
    clientIp: event.clientIp,
    detail: Object.entries(event.detail).map(([key, value]) => ({ key, value })),
  };
}

/** Opaque cursor for the audit log: the event's time and id. */
export function encodeEventCursor(event: SecurityEventEntity): string {
  return Buffer.from(`${event.occurredAt.toISOString()}|${event.id}`).toString('base64url');
}

export function decodeEventCursor(cursor: string): { occurredAt: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const occurredAt = new Date(at ?? '');
  return id && /^[0-9a-f-]{36}$/.test(id) && !Number.isNaN(occurredAt.getTime()) ? { occurredAt, id } : null;
}
