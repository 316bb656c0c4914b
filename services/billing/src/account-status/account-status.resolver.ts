import { Role, UUIDScalar, actorOf, requireTenant, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { toServiceAccountPayload } from '../accounts/service-account.mappers';
import { ServiceAccountPayloadType } from '../accounts/service-account.types';
import { approveRestoration, closeServiceAccount, markDisconnected } from './disconnection.service';
import type { AccountStatusDependencies } from './account-status-dependencies';

/** City staff: disconnection, restoration and closing an account. */
@Resolver()
export class AccountStatusResolver {
  constructor(private readonly others: AccountStatusDependencies) {}

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => ServiceAccountPayloadType, {
    description:
      'Staff: records that field crews disconnected an account that was DISCONNECT_ELIGIBLE; each resident who linked it is told, with the amount due in full that asks for the service back.',
  })
  async markAccountDisconnected(
    @Arg('serviceAccountId', () => UUIDScalar) id: string,
    @Arg('note', () => String, { nullable: true, description: 'Why, in the staff member’s words; kept in the status history.' }) note: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceAccountPayloadType> {
    return toServiceAccountPayload(await markDisconnected(requireTenant(ctx), id, actorOf(ctx), note, this.others));
  }

  // The operator too: the second pair of eyes when the payment the restoration relies on was taken (or credited) by the
  // city's only staff member at hand. The operator takes no money, so four eyes still hold; the history names "platform-operator".
  @Authorized(Role.SUPPORT, Role.ADMIN, Role.PLATFORM_OPERATOR)
  @Mutation(() => ServiceAccountPayloadType, {
    description:
      "Staff, or the platform's operator: approves a RESTORATION_PENDING account once its payment has posted, by someone other than the staff member who took that payment or credited the account (SECOND_STAFF_REQUIRED); each resident who linked it is told.",
  })
  async approveRestoration(
    @Arg('serviceAccountId', () => UUIDScalar) id: string,
    @Arg('note', () => String, { nullable: true, description: 'Why, in the staff member’s words; kept in the status history.' }) note: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ServiceAccountPayloadType> {
    return toServiceAccountPayload(await approveRestoration(requireTenant(ctx), id, actorOf(ctx), note, this.others.standingNotices));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ServiceAccountPayloadType, {
    description:
      'ADMIN: closes an account. It still takes its final bill, and is never billed again, so it must hold none of the resident’s money: refused while it is in credit (ACCOUNT_HOLDS_CREDIT: refund the credit first), while a payment not yet posted will leave it in credit (PAYMENT_IN_FLIGHT), while a payment of it is still with the processor (PAYMENT_BEING_CONFIRMED), or while a refund or void of a payment to it is (REFUND_BEING_CONFIRMED: once done, the account owes it again).',
  })
  async closeServiceAccount(@Arg('serviceAccountId', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<ServiceAccountPayloadType> {
    return toServiceAccountPayload(await closeServiceAccount(requireTenant(ctx), id, actorOf(ctx), this.others));
  }
}
