import { Role, UUIDScalar, actorOf, clampPageSize, cursorCodec, fetchSize, requireTenant, toConnection, type Connection, type RequestContext, decodeAfter } from '@platform/api';
import { translate } from '@platform/core';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { statusHistoryLoader } from '../account-status/account-status.loaders';
import type { AccountStatus } from '../account-status/account-status.state';
import { toStatusChangeType } from '../account-status/account-status.mappers';
import { AccountStatusChangeType } from '../account-status/account-status.types';
import { AccountStatusEnum } from '../billing.enums';
import { balanceLoader, ledgerPageLoader } from '../ledger/ledger.loaders';
import { toBalanceType, toLedgerEntryType } from '../ledger/ledger.mappers';
import { AccountBalanceType, LedgerEntryConnectionType, type LedgerEntryType } from '../ledger/ledger.types';
import { payableLoader, recentPayablesLoader } from '../payables/payable.loaders';
import { toPayableType } from '../payables/payable.mappers';
import { PayableType } from '../payables/payable.types';
import { OpenServiceAccountInput } from './service-account.inputs';
import { serviceAccountLoader } from './service-account.loaders';
import { toServiceAccountPayload, toServiceAccountType } from './service-account.mappers';
import { searchServiceAccounts } from './service-account.queries';
import { openServiceAccount } from './service-account.service';
import { ServiceAccountConnectionType, ServiceAccountPayloadType, ServiceAccountType } from './service-account.types';

/** Staff search goes by account number: the cursor is the last account's key. */
const searchCursor = cursorCodec('serviceAccounts', 'text');
/**
 * Ledger pages go by recording order, but the cursor is the last entry's id: its sequence number counts every city's
 * entries, and a cursor is readable (see cursor.ts in @platform/api).
 */
const ledgerCursor = cursorCodec('ledger', 'uuid');

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
  ): Promise<Connection<ServiceAccountType>> {
    const size = clampPageSize(first);
    const tenantCtx = requireTenant(ctx);
    const cursors = searchCursor.within({ tenantId: tenantCtx.tenant.id });
    const [afterKey] = decodeAfter(cursors, after, ctx.locale) ?? [null];
    const accounts = await searchServiceAccounts(tenantCtx, { text: search, status, limit: fetchSize(size), afterKey });
    return toConnection(accounts, size, { node: toServiceAccountType, cursor: (account) => cursors.encode([account.accountKey]) });
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => ServiceAccountType, { nullable: true, description: 'Staff: one account.' })
  async serviceAccount(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<ServiceAccountType | null> {
    const account = await ctx.loaders.get(serviceAccountLoader).load(id);
    return account ? toServiceAccountType(account) : null;
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => ServiceAccountPayloadType, { description: "Staff: adds an account as the city's billing system numbers it. Reports every problem with the input at once." })
  async openServiceAccount(@Arg('input', () => OpenServiceAccountInput) input: OpenServiceAccountInput, @Ctx() ctx: RequestContext): Promise<ServiceAccountPayloadType> {
    const tenantCtx = requireTenant(ctx);
    return toServiceAccountPayload(await openServiceAccount(tenantCtx, input, actorOf(ctx), tenantCtx));
  }

  @FieldResolver(() => AccountBalanceType)
  async balance(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<AccountBalanceType> {
    return toBalanceType(await ctx.loaders.get(balanceLoader).load(account.id));
  }

  @FieldResolver(() => [PayableType], { description: 'Newest first.' })
  async payables(@Root() account: ServiceAccountType, @Arg('first', () => Int, { defaultValue: 12 }) first: number, @Ctx() ctx: RequestContext): Promise<PayableType[]> {
    const [payables, balance] = await Promise.all([
      ctx.loaders.get(recentPayablesLoader).load({ serviceAccountId: account.id, limit: clampPageSize(first, { default: 12, max: 100 }) }),
      ctx.loaders.get(balanceLoader).load(account.id),
    ]);
    return payables.map((payable) => toPayableType(payable, balance.owedByPayable.get(payable.id) ?? 0n, ctx.locale));
  }

  // Every one, however old: what a correction may name (recordAccountAdjustment's payableId), and an old unpaid bill is
  // the likeliest to need one. Few: a payable paid off leaves the list.
  @FieldResolver(() => [PayableType], {
    description: 'The payables with something left to pay (amountOwed above zero), oldest due first: the order payments and credits to the account in general pay them.',
  })
  async openPayables(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<PayableType[]> {
    const balance = await ctx.loaders.get(balanceLoader).load(account.id);
    const owed = [...balance.owedByPayable].filter(([, cents]) => cents > 0n);
    const loader = ctx.loaders.get(payableLoader);
    const payables = await Promise.all(owed.map(([id]) => loader.load(id)));
    return owed
      .flatMap(([, cents], n) => {
        const payable = payables[n];
        return payable ? [toPayableType(payable, cents, ctx.locale)] : [];
      })
      .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.referenceNumber.localeCompare(b.referenceNumber)));
  }

  @FieldResolver(() => LedgerEntryConnectionType, { description: 'Newest first.' })
  async ledger(
    @Root() account: ServiceAccountType,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<LedgerEntryType>> {
    const size = clampPageSize(first, { default: 50, max: 100 });
    const cursors = ledgerCursor.within({ tenantId: requireTenant(ctx).tenant.id, parentId: account.id });
    const [beforeId] = decodeAfter(cursors, after, ctx.locale) ?? [null];
    const entries = await ctx.loaders.get(ledgerPageLoader).load({ serviceAccountId: account.id, limit: fetchSize(size), beforeId });
    return toConnection(entries, size, { node: (entry) => toLedgerEntryType(entry, ctx), cursor: (entry) => cursors.encode([entry.id]) });
  }

  @FieldResolver(() => String, { description: 'The status as a person reads it, e.g. "Disconnected", in the request\'s language.' })
  statusLabel(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): string {
    return translate(ctx.locale, `billing.accountStatus.${account.status}`);
  }

  @FieldResolver(() => [AccountStatusChangeType], { description: 'Oldest first: every status the account has had, with who and when.' })
  async statusHistory(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<AccountStatusChangeType[]> {
    return (await ctx.loaders.get(statusHistoryLoader).load(account.id)).map((change) => toStatusChangeType(change, ctx));
  }
}
