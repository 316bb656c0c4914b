import { UUIDScalar, requireTenant, selectsField, type RequestContext } from '@platform/api';
import { ServiceAccountType, toServiceAccountType } from '@platform/billing';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import { linkedAccountsWithBalancesLoader, linkedServiceAccountsLoader } from './account-link.loaders';
import { linkServiceAccount, unlinkServiceAccount } from './account-link.service';
import type { AccountUnlinked } from './account-unlinked';
import { LinkServiceAccountInput } from '../customer.inputs';
import { toActionPayload, toUserErrors } from '../customer.mappers';
import { CustomerActionPayloadType, ServiceAccountLinkPayloadType, ViewerType } from '../customer.types';

/** A signed-in user's service accounts: linking by proof, unlinking, and listing them on `viewer`. */
@Resolver(() => ViewerType)
export class AccountLinkResolver {
  constructor(private readonly accountUnlinked: AccountUnlinked) {}

  @Authorized()
  @Mutation(() => ServiceAccountLinkPayloadType, {
    description: "Links an account you prove you hold. Rate-limited: its proofs as lookupAccount's are, and the links a user makes (25 a day, however many are unlinked).",
  })
  async linkServiceAccount(@Arg('input', () => LinkServiceAccountInput) input: LinkServiceAccountInput, @Ctx() ctx: RequestContext): Promise<ServiceAccountLinkPayloadType> {
    const result = await linkServiceAccount(requireTenant(ctx), input);
    return result.ok ? { serviceAccount: toServiceAccountType(result.value), userErrors: [] } : { serviceAccount: null, userErrors: toUserErrors(result) };
  }

  @Authorized()
  @Mutation(() => CustomerActionPayloadType)
  async unlinkServiceAccount(@Arg('serviceAccountId', () => UUIDScalar) serviceAccountId: string, @Ctx() ctx: RequestContext): Promise<CustomerActionPayloadType> {
    return toActionPayload(await unlinkServiceAccount(requireTenant(ctx), serviceAccountId, this.accountUnlinked));
  }

  @FieldResolver(() => [ServiceAccountType], { description: 'The accounts this user has linked, with balances, in account-number order.' })
  async serviceAccounts(@Root() viewer: ViewerType, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<ServiceAccountType[]> {
    // Balances asked for too (a resident's dashboard): read them beside the accounts, in the same transaction.
    const loader = selectsField(info, 'balance') ? linkedAccountsWithBalancesLoader : linkedServiceAccountsLoader;
    return (await ctx.loaders.get(loader).load(viewer.userId)).map(toServiceAccountType);
  }
}
