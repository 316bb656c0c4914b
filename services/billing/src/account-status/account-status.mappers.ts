import { actorAsSeenBy, isStaff, type RequestContext } from '@platform/api';
import { isMessageKey, translate, type Locale } from '@platform/core';
import type { AccountStatusChangeEntity } from './account-status-change.entity';
import type { AccountStatusChangeType } from './account-status.types';

/** A status change as the viewer may see it: what staff wrote, and which of them acted, are the city's own. */
export function toStatusChangeType(change: AccountStatusChangeEntity, ctx: RequestContext): AccountStatusChangeType {
  return {
    fromStatus: change.fromStatus,
    toStatus: change.toStatus,
    reason: change.reason,
    reasonLabel: statusReasonLabel(change.reason, ctx.locale),
    actor: actorAsSeenBy(ctx, change.actor),
    note: isStaff(ctx) ? change.note : null,
    occurredAt: change.occurredAt,
  };
}

/** Why an account's status changed (a StatusChangeReason, or OPENED), as a person reads it in `locale`; a reason it has no words for, as stored. */
function statusReasonLabel(reason: string, locale: Locale): string {
  const key = `billing.statusReason.${reason}`;
  return isMessageKey(key) ? translate(locale, key) : reason;
}
