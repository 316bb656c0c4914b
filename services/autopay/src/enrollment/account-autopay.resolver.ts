import { isStaff, type RequestContext } from '@platform/api';
import { ServiceAccountType } from '@platform/billing';
import { linkedServiceAccountsLoader } from '@platform/customers';
import { DomainError, ErrorCode, translate } from '@platform/core';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { accountAutopayLoader } from './enrollment.loaders';
import { toAutopayType } from './autopay.mappers';
import { AutopayType } from './autopay.types';
import { autopayViewOf } from './autopay-view';

/** `ServiceAccount.autopay`: "Auto Pay: Enrolled / Not Enrolled" on Account Settings. */
@Resolver(() => ServiceAccountType)
export class AccountAutopayResolver {
  @Authorized()
  @FieldResolver(() => AutopayType, { description: 'Staff, and customers who linked the account; the method only to staff and the customer who enrolled.' })
  async autopay(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<AutopayType> {
    const viewer = ctx.viewer!;
    const staff = isStaff(ctx);
    // Accounts reach customers only through their own links; this holds even if another field ever exposes one.
    if (!staff && !(await ctx.loaders.get(linkedServiceAccountsLoader).load(viewer.userId)).some((linked) => linked.id === account.id)) {
      throw new DomainError(ErrorCode.FORBIDDEN, translate(ctx.locale, 'error.forbidden'));
    }
    const { enrollment, method, schedule, lapsed } = await ctx.loaders.get(accountAutopayLoader).load(account.id);
    return toAutopayType(enrollment, method, await autopayViewOf(ctx), staff || enrollment?.userId === viewer.userId, schedule, lapsed);
  }
}
