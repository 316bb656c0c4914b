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

/** A refusal's userErrors as the payload's; none for a success. */
export const toUserErrors = <T>(result: Result<T>): UserErrorType[] => (result.ok ? [] : result.userErrors.map((e) => ({ ...e, field: [...e.field] })));

export function toAuthPayload(result: Result<IssuedSession>): AuthPayloadType {
  if (!result.ok) return { session: null, user: null, userErrors: toUserErrors(result) };
  const { user, ...session } = result.value;
  return { session, user: toUserType(user), userErrors: [] };
}

export function toUserPayload(result: Result<UserEntity>): UserPayloadType {
  return { user: result.ok ? toUserType(result.value) : null, userErrors: toUserErrors(result) };
}

export function toActionPayload(result: Result<unknown>): CustomerActionPayloadType {
  return { userErrors: toUserErrors(result) };
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
