import { Role, type RequestContext } from '@platform/api';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ServiceAccountType } from '../accounts/service-account.types';
import { centsToMoney } from '../ledger/ledger.mappers';
import { DisconnectionStandingType } from './disconnection-standing.types';
import { serviceBalanceLoader } from './service-balance.loaders';

/**
 * Where an account stands under the disconnection rules, as the sweep weighs it: the disconnection list shows this, not
 * the account's whole balance, which counts citations and leaves pending payments unpaid (an account with a $500
 * citation and $60.00 of water past due is on the list for the $60.00). Staff only: it is the city's workflow.
 */
@Resolver(() => ServiceAccountType)
export class DisconnectionStandingResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @FieldResolver(() => DisconnectionStandingType, { description: 'Staff: what the disconnection rules weigh of the account now (see DisconnectionStanding).' })
  async disconnectionStanding(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<DisconnectionStandingType> {
    const balance = await ctx.loaders.get(serviceBalanceLoader).load(account.id);
    return { servicePastDue: centsToMoney(balance.pastDueAfterPendingCents), daysPastDue: balance.daysPastDueAfterPending };
  }
}
