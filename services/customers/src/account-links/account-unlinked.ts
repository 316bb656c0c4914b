import type { TenantContext } from '@platform/api';
import { findServiceAccounts } from '@platform/billing';
import { withdrawHolderNotices } from '@platform/notifications';
import { findTenantBySlug } from '@platform/tenants';
import { endLapsedChoices } from '../paperless/paperless.service';
import { AccountLinkEntity } from './account-link.entity';
import type { EntityManager } from 'typeorm';

/** A user stopped holding an account: they unlinked it, at `at`. */
export interface UnlinkedAccount {
  readonly userId: string;
  readonly serviceAccountId: string;
  readonly at: Date;
}

/**
 * What another service does, in the unlink's transaction, when a user stops
 * holding an account: autopay withdraws the notices it would still send them
 * of an enrolment of theirs that has lapsed with the link. The gateway wires
 * it: customers may not depend on autopay, which depends on customers.
 */
export type AccountUnlinked = (manager: EntityManager, unlinked: UnlinkedAccount) => Promise<void>;

/**
 * What follows a user's letting go of accounts they held, in the transaction that removed their links: the notices
 * still to go to them as the accounts' holder (a new bill, where its service stands) are withdrawn, `accountUnlinked`
 * withdraws what autopay would still send them of an enrolment of theirs, and their paperless choices on the accounts
 * end (endLapsedChoices: audited, recorded for the print vendor, the account printed again unless another holder's
 * choice stands), credited to whoever is signed in.
 */
export async function accountsLetGo(ctx: TenantContext, manager: EntityManager, userId: string, serviceAccountIds: readonly string[], accountUnlinked: AccountUnlinked): Promise<void> {
  const at = ctx.clock.now();
  const accounts = await findServiceAccounts(manager, serviceAccountIds);
  await withdrawHolderNotices(
    manager,
    userId,
    accounts.map((account) => account.accountNumber),
  );
  for (const serviceAccountId of serviceAccountIds) await accountUnlinked(manager, { userId, serviceAccountId, at });
  const offered = (await findTenantBySlug(ctx.db, ctx.tenant.slug))?.settings.paperless.offered ?? false;
  await endLapsedChoices(manager, ctx, offered, serviceAccountIds, ctx.viewer?.userId ?? 'system');
}

/** Lets go of every account the user linked, as unlinking each does (accountsLetGo), in the caller's transaction; answers how many. */
export async function letGoOfEveryLinkedAccount(ctx: TenantContext, manager: EntityManager, userId: string, accountUnlinked: AccountUnlinked): Promise<number> {
  const links = await manager.getRepository(AccountLinkEntity).findBy({ userId });
  await manager.getRepository(AccountLinkEntity).delete({ userId });
  await accountsLetGo(
    ctx,
    manager,
    userId,
    links.map((link) => link.serviceAccountId),
    accountUnlinked,
  );
  return links.length;
}
