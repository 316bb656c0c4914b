import { Role, UUIDScalar, requireTenant, type RequestContext } from '@platform/api';
import { withTenant } from '@platform/db';
import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { In } from 'typeorm';
import { AccountStatusChangeEntity } from './account-status-change.entity';
import { balanceLoader } from './billing.loaders';
import { toBalanceType, toLedgerEntryType, toPayableType, toServiceAccountType, toStatusChangeType } from './billing.mappers';
import {
  AccountBalanceType,
  AccountStatusChangeType,
  AccountStatusEnum,
  LedgerEntryConnectionType,
  PayableType,
  ServiceAccountConnectionType,
  ServiceAccountType,
} from './billing.types';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { PayableLineEntity } from './payable-line.entity';
import { PayableEntity } from './payable.entity';
import { ServiceAccountEntity, type AccountStatus } from './service-account.entity';
import { searchServiceAccounts } from './service-account.service';

const pageSize = (first: number) => Math.min(Math.max(first, 1), 100);

/** Accounts for staff, and what any account shows to whoever may see it. */
@Resolver(() => ServiceAccountType)
export class ServiceAccountResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => ServiceAccountConnectionType, { description: 'Staff: accounts by number, name or street address, in account-number order.' })
  async serviceAccounts(
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Arg('status', () => AccountStatusEnum, { nullable: true }) status: AccountStatus | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceAccountConnectionType> {
    const page = await withTenant(requireTenant(ctx), (manager) =>
      searchServiceAccounts(manager, { text: search, status, first: pageSize(first), afterKey: after ? Buffer.from(after, 'base64url').toString() : null }),
    );
    const edges = page.accounts.map((account) => ({ node: toServiceAccountType(account), cursor: Buffer.from(account.accountKey).toString('base64url') }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => ServiceAccountType, { nullable: true, description: 'Staff: one account.' })
  async serviceAccount(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<ServiceAccountType | null> {
    const account = await withTenant(requireTenant(ctx), (manager) => manager.getRepository(ServiceAccountEntity).findOneBy({ id }));
    return account ? toServiceAccountType(account) : null;
  }

  @FieldResolver(() => AccountBalanceType)
  async balance(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<AccountBalanceType> {
    return toBalanceType(await ctx.loaders.get(balanceLoader).load(account.id));
  }

  @FieldResolver(() => [PayableType], { description: 'Newest first.' })
  async payables(@Root() account: ServiceAccountType, @Arg('first', () => Int, { defaultValue: 12 }) first: number, @Ctx() ctx: RequestContext): Promise<PayableType[]> {
    return withTenant(requireTenant(ctx), async (manager) => {
      const payables = await manager.getRepository(PayableEntity).find({ where: { serviceAccountId: account.id }, order: { dueDate: 'DESC', referenceKey: 'DESC' }, take: pageSize(first) });
      const lines = payables.length === 0 ? [] : await manager.getRepository(PayableLineEntity).find({ where: { payableId: In(payables.map((p) => p.id)) }, order: { lineNo: 'ASC' } });
      return payables.map((payable) => toPayableType(payable, lines.filter((line) => line.payableId === payable.id)));
    });
  }

  @FieldResolver(() => LedgerEntryConnectionType, { description: 'Newest first.' })
  async ledger(
    @Root() account: ServiceAccountType,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<LedgerEntryConnectionType> {
    const size = pageSize(first);
    const rows = await withTenant(requireTenant(ctx), (manager) => {
      const query = manager.getRepository(LedgerEntryEntity).createQueryBuilder('e').where('e.service_account_id = :id', { id: account.id }).orderBy('e.seq', 'DESC').limit(size + 1);
      if (after && /^\d{1,19}$/.test(after)) query.andWhere('e.seq < :after', { after });
      return query.getMany();
    });
    const edges = rows.slice(0, size).map((entry) => ({ node: toLedgerEntryType(entry), cursor: entry.seq.toString() }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @FieldResolver(() => [AccountStatusChangeType], { description: 'Oldest first: every status the account has had, with who and when.' })
  async statusHistory(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<AccountStatusChangeType[]> {
    const changes = await withTenant(requireTenant(ctx), (manager) =>
      manager.getRepository(AccountStatusChangeEntity).find({ where: { serviceAccountId: account.id }, order: { seq: 'ASC' } }),
    );
    return changes.map(toStatusChangeType);
  }
}
