import { Role, UUIDScalar, requireTenant, type RequestContext, toUserErrorTypes } from '@platform/api';
import { ViewerType } from '@platform/customers';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { paymentByIdLoader } from '../payment/payment.loaders';
import { toPaymentType } from '../payment/payment.mappers';
import { listPayments } from '../payment/payment.queries';
import { PaymentConnectionType, PaymentType } from '../payment/payment.types';
import type { PaymentsModuleSettings } from '../payments-settings';
import { toSavedMethodType } from './wallet.mappers';
import { listPaymentMethods } from './wallet.queries';
import { removePaymentMethod, savePaymentMethod } from './wallet.service';
import { RemovePaymentMethodPayloadType, SavedPaymentMethodPayloadType, SavedPaymentMethodType } from './wallet.types';

/** A signed-in customer's wallet and payment history. */
@Resolver(() => ViewerType)
export class WalletResolver {
  constructor(private readonly settings: PaymentsModuleSettings) {}

  @Authorized(Role.CUSTOMER)
  @Mutation(() => SavedPaymentMethodPayloadType, { description: 'Saves a card or bank account from a token; the processor must confirm it, or it is not saved.' })
  async savePaymentMethod(@Arg('token') token: string, @Ctx() ctx: RequestContext): Promise<SavedPaymentMethodPayloadType> {
    const result = await savePaymentMethod(requireTenant(ctx), this.settings.processor, token);
    return result.ok ? { paymentMethod: toSavedMethodType(result.value), userErrors: [] } : { paymentMethod: null, userErrors: toUserErrorTypes(result.userErrors) };
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => [SavedPaymentMethodType], { description: "The signed-in customer's saved methods." })
  async paymentMethods(@Ctx() ctx: RequestContext): Promise<SavedPaymentMethodType[]> {
    return (await listPaymentMethods(requireTenant(ctx), ctx.viewer!.userId)).map(toSavedMethodType);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => RemovePaymentMethodPayloadType)
  async removePaymentMethod(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<RemovePaymentMethodPayloadType> {
    const result = await removePaymentMethod(requireTenant(ctx), this.settings.processor, id, this.settings.methodInUse);
    return { userErrors: result.ok ? [] : toUserErrorTypes(result.userErrors) };
  }

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
