import { randomUUID } from 'node:crypto';
import type { TenantContext } from '@platform/api';
import type { EntityManager } from 'typeorm';
import { SecurityEventEntity, type SecurityEventKind } from './security-event.entity';

export interface SecurityEventInput {
  readonly kind: SecurityEventKind;
  readonly userId?: string | null;
  /** Defaults to the signed-in user, the operator, or "anonymous". */
  readonly actor?: string;
  readonly detail?: Readonly<Record<string, string>>;
}

/** Appends to the city's audit log in the caller's transaction. Never pass a password or token in `detail`. */
export async function recordSecurityEvent(manager: EntityManager, ctx: TenantContext, event: SecurityEventInput): Promise<void> {
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

/** Newest first; `after` is the (occurredAt, id) of the last event already seen. */
export async function listSecurityEvents(
  manager: EntityManager,
  first: number,
  after: { occurredAt: Date; id: string } | null,
): Promise<SecurityEventPage> {
  const query = manager
    .getRepository(SecurityEventEntity)
    .createQueryBuilder('e')
    .orderBy('e.occurred_at', 'DESC')
    .addOrderBy('e.id', 'DESC')
    .limit(first + 1);
  if (after) query.where('(e.occurred_at, e.id) < (:at, :id)', { at: after.occurredAt, id: after.id });
  const rows = await query.getMany();
  return { events: rows.slice(0, first), hasNextPage: rows.length > first };
}
