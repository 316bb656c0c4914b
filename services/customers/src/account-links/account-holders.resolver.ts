import { Role, type RequestContext } from '@platform/api';
import { ServiceAccountType } from '@platform/billing';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { toUserType } from '../customer.mappers';
import { AccountHolderType } from './account-holders.types';
import { accountHoldersLoader } from './account-link.loaders';

/** `ServiceAccount.linkedUsers`: the customers service owns links and users, so it adds the field to billing's type. */
@Resolver(() => ServiceAccountType)
export class AccountHoldersResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @FieldResolver(() => [AccountHolderType], { description: 'Staff: the users who linked this account, earliest first.' })
  async linkedUsers(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<AccountHolderType[]> {
    return (await ctx.loaders.get(accountHoldersLoader).load(account.id)).map((holder) => ({ user: toUserType(holder.user), linkedAt: holder.linkedAt }));
  }
}
