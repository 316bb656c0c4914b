import { Role, type RequestContext } from '@platform/api';
import { RestorationRequestEventType } from '@platform/billing';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { paymentByIdLoader } from '../payment/payment.loaders';
import { toPaymentType } from '../payment/payment.mappers';
import { PaymentType } from '../payment/payment.types';

/**
 * Billing's restoration requests name their payment by id; payments owns
 * payments, so it answers what that payment is (confirmation number, status)
 * on the same event, rather than each screen asking again.
 */
@Resolver(() => RestorationRequestEventType)
export class RestorationPaymentResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @FieldResolver(() => PaymentType, { nullable: true, description: 'The payment behind the event, as it is now.' })
  async payment(@Root() event: RestorationRequestEventType, @Ctx() ctx: RequestContext): Promise<PaymentType | null> {
    if (!event.paymentId) return null;
    // As it is now: each event starts with the subscription's loaders emptied (freshLoadersForEachChange).
    const payment = await ctx.loaders.get(paymentByIdLoader).load(event.paymentId);
    return payment ? toPaymentType(payment, ctx.locale) : null;
  }
}
