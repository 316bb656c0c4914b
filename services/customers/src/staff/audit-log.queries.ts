import { clampPageSize, cursorCodec, fetchSize, toConnection, type Connection, type TenantContext, decodeAfter } from '@platform/api';
import { listSecurityEvents, type SecurityEventFilter } from '@platform/auth';
import { withTenant } from '@platform/db';
import { toSecurityEventType } from '../customer.mappers';
import type { SecurityEventType } from '../customer.types';

/** A position in the newest-first audit log: the last event's time and id. */
const auditLogCursor = cursorCodec('auditLog', 'timestamp', 'uuid');

/**
 * A page of the city's security audit log, newest first: at most 200 events, 50 unless the client says; only those
 * the filter keeps (one staff member's actions, say). A cursor is a place in the log, so it holds whatever the filter.
 */
export async function auditLogPage(ctx: TenantContext, first: number, after: string | null, filter: SecurityEventFilter = {}): Promise<Connection<SecurityEventType>> {
  const size = clampPageSize(first, { default: 50, max: 200 });
  const cursors = auditLogCursor.within({ tenantId: ctx.tenant.id });
  const position = decodeAfter(cursors, after, ctx.locale);
  // Asked for one more than the page, so the connection can tell whether another follows.
  const { events } = await withTenant(ctx, (manager) => listSecurityEvents(manager, fetchSize(size), position && { occurredAt: position[0], id: position[1] }, filter));
  return toConnection(events, size, { node: (event) => toSecurityEventType(event, ctx.locale), cursor: (event) => cursors.encode([event.occurredAt, event.id]) });
}
