import { UUIDScalar, requireTenant, type RequestContext } from '@platform/api';
import { ViewerType } from '@platform/customers';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { paymentByIdLoader } from './payment.loaders';
import { toPaymentType } from './payment.mappers';
import { listPayments } from './payment.queries';
import { PaymentConnectionType, PaymentType } from './payment.types';

/** A signed-in customer's own payments: their history and each one's receipt. */
@Resolver(() => ViewerType)
export class ViewerPaymentsResolver {
  @FieldResolver(() => PaymentConnectionType, { description: "The viewer's own payments, newest first." })
  async payments(
    @Root() viewer: ViewerType,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PaymentConnectionType> {
    const page = await listPayments(requireTenant(ctx), { payerUserId: viewer.userId }, { first, after }, { default: 20, max: 100 }, (payment) => toPaymentType(payment, ctx.locale));
    return { edges: [...page.edges], pageInfo: page.pageInfo };
  }

  @FieldResolver(() => PaymentType, { nullable: true, description: "One of the viewer's own payments, for its receipt; null for any other (whether or not it exists)." })
  async payment(@Root() viewer: ViewerType, @Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<PaymentType | null> {
    const payment = await ctx.loaders.get(paymentByIdLoader).load(id);
    return payment && payment.payerUserId === viewer.userId ? toPaymentType(payment, ctx.locale) : null;
  }
}
