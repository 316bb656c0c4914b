import { In, type EntityManager } from 'typeorm';
import { PayableEntity } from './payable.entity';

/** One payable by id with its account id, in the caller's transaction; null when it is not this city's. */
export function findPayable(manager: EntityManager, id: string): Promise<PayableEntity | null> {
  return manager.getRepository(PayableEntity).findOneBy({ id });
}

/** Payables by id, lines included, in the caller's transaction: those of this city (row-level security keeps out the rest). */
export function findPayables(manager: EntityManager, ids: readonly string[]): Promise<PayableEntity[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return manager.getRepository(PayableEntity).findBy({ id: In([...ids]) });
}

/** Each account's latest `limit` payables (by due date, newest first), lines included: one statement whatever the number of accounts. */
export async function recentPayables(manager: EntityManager, serviceAccountIds: readonly string[], limit: number): Promise<Map<string, PayableEntity[]>> {
  const byAccount = new Map<string, PayableEntity[]>(serviceAccountIds.map((id) => [id, []]));
  if (serviceAccountIds.length === 0) return byAccount;
  const payables = await manager
    .getRepository(PayableEntity)
    .createQueryBuilder('p')
    .where(
      `p.id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY service_account_id ORDER BY due_date DESC, reference_key DESC) AS n
                                  FROM payables WHERE service_account_id IN (:...ids)) recent
                 WHERE recent.n <= :limit)`,
      { ids: [...serviceAccountIds], limit },
    )
    .orderBy('p.due_date', 'DESC')
    .addOrderBy('p.reference_key', 'DESC')
    .getMany();
  for (const payable of payables) byAccount.get(payable.serviceAccountId)?.push(payable);
  return byAccount;
}
