import { actorAsSeenBy, isStaff, type RequestContext } from '@platform/api';
import type { AccountStatusChangeEntity } from './account-status-change.entity';
import type { AccountStatusChangeType } from './account-status.types';

/** A status change as the viewer may see it: what staff wrote, and which of them acted, are the city's own. */
export function toStatusChangeType(change: AccountStatusChangeEntity, ctx: RequestContext): AccountStatusChangeType {
  return {
    fromStatus: change.fromStatus,
    toStatus: change.toStatus,
    reason: change.reason,
    actor: actorAsSeenBy(ctx, change.actor),
    note: isStaff(ctx) ? change.note : null,
    occurredAt: change.occurredAt,
  };
}
