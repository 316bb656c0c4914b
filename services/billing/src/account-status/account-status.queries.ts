import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { AccountStatusChangeEntity } from './account-status-change.entity';

/** Every status change of each account, oldest first, in one statement. */
export async function statusHistories(manager: EntityManager, serviceAccountIds: readonly string[]): Promise<Map<string, AccountStatusChangeEntity[]>> {
  const histories = new Map<string, AccountStatusChangeEntity[]>(serviceAccountIds.map((id) => [id, []]));
  if (serviceAccountIds.length === 0) return histories;
  const changes = await manager.getRepository(AccountStatusChangeEntity).find({ where: { serviceAccountId: In([...serviceAccountIds]) }, order: { seq: 'ASC' } });
  for (const change of changes) histories.get(change.serviceAccountId)?.push(change);
  return histories;
}
