import { Role, type RequestContext } from '@platform/api';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ServiceAccountType } from '../accounts/service-account.types';
import { RestorationBlockEnum } from '../billing.enums';
import { balanceLoader } from '../ledger/ledger.loaders';
import { awaitsRestoration, restorationBlockedBy, type RestorationBlock } from './restoration-rules';

/**
 * Whether staff may approve an account's restoration, by approveRestoration's
 * own test, so a page offers Approve exactly when the API would take it.
 * Staff (and the operator, who may approve) only: it is the city's workflow.
 */
@Resolver(() => ServiceAccountType)
export class RestorationReadinessResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN, Role.PLATFORM_OPERATOR)
  @FieldResolver(() => Boolean, {
    description:
      'Staff: whether approveRestoration would accept the account now: RESTORATION_PENDING, its payment posted, and nothing owed on the posted balance even were every e-check in it that still waits on its bank to come back. (Who approves is checked then: not the staff member who took the payment, SECOND_STAFF_REQUIRED.)',
  })
  async restorationApprovable(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<boolean> {
    return awaitsRestoration(account.status) && (await blockedBy(account, ctx)) === null;
  }

  @Authorized(Role.SUPPORT, Role.ADMIN, Role.PLATFORM_OPERATOR)
  @FieldResolver(() => RestorationBlockEnum, {
    nullable: true,
    description: 'Staff: what the open restoration request waits for before it may be approved; null when it may be, or when no request is open (not RESTORATION_PENDING).',
  })
  async restorationBlockedBy(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<RestorationBlock | null> {
    return awaitsRestoration(account.status) ? blockedBy(account, ctx) : null;
  }
}

const blockedBy = async (account: ServiceAccountType, ctx: RequestContext) => restorationBlockedBy(await ctx.loaders.get(balanceLoader).load(account.id));
