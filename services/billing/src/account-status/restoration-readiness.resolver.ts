import { Role, type RequestContext } from '@platform/api';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ServiceAccountType } from '../accounts/service-account.types';
import { RestorationBlockEnum } from '../billing.enums';
import { restorationBlockFor } from './restoration-block.loaders';
import { awaitsRestoration, type RestorationBlock } from './restoration-rules';

/**
 * Whether the staff member asking may approve an account's restoration, by
 * approveRestoration's own test (who approves included), so a page offers
 * Approve exactly when the API would take it from them. Staff (and the
 * operator, who may approve) only: it is the city's workflow.
 */
@Resolver(() => ServiceAccountType)
export class RestorationReadinessResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN, Role.PLATFORM_OPERATOR)
  @FieldResolver(() => Boolean, {
    description:
      'Staff: whether approveRestoration would accept the account now from the staff member asking: RESTORATION_PENDING, its payment posted, nothing owed on the posted balance even were every e-check in it that still waits on its bank to come back, and not asked by the staff member who took a payment onto it or credited it (SECOND_STAFF_REQUIRED).',
  })
  async restorationApprovable(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<boolean> {
    return awaitsRestoration(account.status) && (await restorationBlockFor(ctx, account.id)) === null;
  }

  @Authorized(Role.SUPPORT, Role.ADMIN, Role.PLATFORM_OPERATOR)
  @FieldResolver(() => RestorationBlockEnum, {
    nullable: true,
    description:
      'Staff: what the open restoration request waits for before the staff member asking may approve it (SECOND_STAFF: another staff member approves it); null when they may, or when no request is open (not RESTORATION_PENDING).',
  })
  async restorationBlockedBy(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<RestorationBlock | null> {
    return awaitsRestoration(account.status) ? restorationBlockFor(ctx, account.id) : null;
  }
}
