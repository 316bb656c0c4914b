import { randomUUID } from 'node:crypto';
import type { Clock } from '@platform/core';
import type { TenantScope } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { SecurityEventEntity, type SecurityEventKind } from './security-event.entity';

/*
 * The security log lives in this package, not in a service, so every service
 * that guards something (customers: sign-in and sessions; billing: account
 * look-ups) appends to one log without reaching into another service's table.
 */

/** What writing to the log needs from a request: a request's TenantContext has all of it. */
export interface SecurityContext extends TenantScope {
  readonly clock: Clock;
  readonly clientIp: string;
  readonly viewer: { readonly userId: string } | null;
  readonly operator: boolean;
}

export interface SecurityEventInput {
  readonly kind: SecurityEventKind;
  readonly userId?: string | null;
  /** Defaults to the signed-in user, the operator, or "anonymous". */
  readonly actor?: string;
  readonly detail?: Readonly<Record<string, string>>;
}

/** Appends to the city's security log in the caller's transaction. Never pass a password, token or account number in `detail`. */
export async function recordSecurityEvent(manager: EntityManager, ctx: SecurityContext, event: SecurityEventInput): Promise<void> {
  await manager.getRepository(SecurityEventEntity).insert({
    tenantId: ctx.tenant.id,
    id: randomUUID(),
    occurredAt: ctx.clock.now(),
    kind: event.kind,
    userId: event.userId ?? null,
    actor: event.actor ?? ctx.viewer?.userId ?? (ctx.operator ? 'platform-operator' : 'anonymous'),
    clientIp: ctx.clientIp,
    detail: { ...event.detail },
  });
}

export interface SecurityEventPage {
  readonly events: SecurityEventEntity[];
  readonly hasNextPage: boolean;
}

/** Which events to list: each part given narrows the list (who acted, whom it is about, which kinds); none given, every event. */
export interface SecurityEventFilter {
  /** A user id, or a word for no user ("platform-operator", "cli", ...), as SecurityEventEntity.actor holds it. */
  readonly actor?: string | null;
  readonly userId?: string | null;
  readonly kinds?: readonly SecurityEventKind[] | null;
}

/** Newest first; `after` is the (occurredAt, id) of the last event already seen. */
export async function listSecurityEvents(manager: EntityManager, first: number, after: { occurredAt: Date; id: string } | null, filter: SecurityEventFilter = {}): Promise<SecurityEventPage> {
  const query = manager
    .getRepository(SecurityEventEntity)
    .createQueryBuilder('e')
    .orderBy('e.occurred_at', 'DESC')
    .addOrderBy('e.id', 'DESC')
    .limit(first + 1);
  if (after) query.andWhere('(e.occurred_at, e.id) < (:at, :id)', { at: after.occurredAt, id: after.id });
  if (filter.actor != null) query.andWhere('e.actor = :actor', { actor: filter.actor });
  if (filter.userId != null) query.andWhere('e.user_id = :userId', { userId: filter.userId });
  // One array parameter, not one per kind: a list sent with repeats stays one bind parameter.
  if (filter.kinds != null) query.andWhere('e.kind = ANY(:kinds)', { kinds: [...new Set(filter.kinds)] });
  const rows = await query.getMany();
  return { events: rows.slice(0, first), hasNextPage: rows.length > first };
}
