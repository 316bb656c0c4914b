import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { AccountLinkEntity } from './account-link.entity';

export interface AccountHolder {
  readonly user: UserEntity;
  readonly linkedAt: Date;
}

/** The users who linked each of these accounts, earliest link first, in two statements whatever the number of accounts. */
export async function holdersOfAccounts(manager: EntityManager, serviceAccountIds: readonly string[]): Promise<Map<string, AccountHolder[]>> {
  const links =
    serviceAccountIds.length === 0 ? [] : await manager.getRepository(AccountLinkEntity).find({ where: { serviceAccountId: In([...new Set(serviceAccountIds)]) }, order: { linkedAt: 'ASC' } });
  const users = links.length === 0 ? [] : await manager.getRepository(UserEntity).findBy({ id: In([...new Set(links.map((link) => link.userId))]) });
  const byId = new Map(users.map((user) => [user.id, user]));
  const holders = new Map<string, AccountHolder[]>(serviceAccountIds.map((id) => [id, []]));
  for (const link of links) {
    const user = byId.get(link.userId);
    if (user) holders.get(link.serviceAccountId)?.push({ user, linkedAt: link.linkedAt });
  }
  return holders;
}
