import { Role, type RequestContext } from '@platform/api';
import { disputeReasonLabel } from '@platform/core';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { cents } from '../payment/payment.mappers';
import { PaymentType } from '../payment/payment.types';
import { paymentDisputeLoader } from './dispute.loaders';
import { PaymentDisputeType } from './dispute.types';

/** Staff see a payment's dispute beside its status: what was taken back, why, and by when the city must answer. */
@Resolver(() => PaymentType)
export class PaymentDisputeResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @FieldResolver(() => PaymentDisputeType, { nullable: true, description: "Staff: the card holder's latest dispute of this payment with their bank; null when none." })
  async dispute(@Root() payment: PaymentType, @Ctx() ctx: RequestContext): Promise<PaymentDisputeType | null> {
    const dispute = await ctx.loaders.get(paymentDisputeLoader).load(payment.id);
    if (!dispute) return null;
    return {
      id: dispute.id,
      amount: cents(dispute.amountCents),
      fee: cents(dispute.feeCents),
      reason: dispute.reason,
      reasonLabel: disputeReasonLabel(dispute.reason, ctx.locale),
      status: dispute.status,
      openedAt: dispute.openedAt,
      respondBy: dispute.respondBy,
      closedAt: dispute.closedAt,
    };
  }
}
