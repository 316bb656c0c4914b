import type { AccountStatusChangeEntity } from './account-status-change.entity';
import type { AccountStatusChangeType } from './account-status.types';

export function toStatusChangeType(change: AccountStatusChangeEntity): AccountStatusChangeType {
  return { fromStatus: change.fromStatus, toStatus: change.toStatus, reason: change.reason, actor: change.actor, note: change.note, occurredAt: change.occurredAt };
}
