import { Role, UUIDScalar, requireTenant, type RequestContext } from '@platform/api';
import { ViewerType } from '@platform/customers';
import { withTenant } from '@platform/db';
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { decodePaymentCursor, encodePaymentCursor, listPayments } from './payment-queries';
import { toPaymentType, toPaymentUserErrors, toSavedMethodType } from './payments.mappers';
import type { PaymentsSettings } from './payments-settings';
import { PaymentConnectionType, RemovePaymentMethodPayloadType, SavedPaymentMethodPayloadType, SavedPaymentMethodType } from './payments.types';
import { listPaymentMethods, removePaymentMethod, savePaymentMethod } from './wallet.service';

/** A signed-in customer's wallet and payment history. */
@Resolver(() => ViewerType)
export class WalletResolver {
  constructor(private readonly settings: PaymentsSettings) {}

  @Authorized(Role.CUSTOMER)
  @Mutation(() => SavedPaymentMethodPayloadType, { description: "Saves a card or bank account from a token; the processor must confirm it, or it is not saved." })
  async savePaymentMethod(@Arg('token') token: string, @Ctx() ctx: RequestContext): Promise<SavedPaymentMethodPayloadType> {
    const result = await savePaymentMethod(requireTenant(ctx), this.settings.processor, token);
    return result.ok ? { paymentMethod: toSavedMethodType(result.value), userErrors: [] } : { paymentMethod: null, userErrors: toPaymentUserErrors(result.userErrors) };
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => [SavedPaymentMethodType], { description: "The signed-in customer's saved methods." })
  async paymentMethods(@Ctx() ctx: RequestContext): Promise<SavedPaymentMethodType[]> {
    return (await listPaymentMethods(requireTenant(ctx), ctx.viewer!.userId)).map(toSavedMethodType);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => RemovePaymentMethodPayloadType)
  async removePaymentMethod(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<RemovePaymentMethodPayloadType> {
    const result = await removePaymentMethod(requireTenant(ctx), this.settings.processor, id);
    return { userErrors: result.ok ? [] : toPaymentUserErrors(result.userErrors) };
  }

  @FieldResolver(() => PaymentConnectionType, { description: "The viewer's own payments, newest first." })
  async payments(
    @Root() viewer: ViewerType,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PaymentConnectionType> {
    const size = Math.min(Math.max(first, 1), 100);
    const page = await withTenant(requireTenant(ctx), (manager) => listPayments(manager, { payerUserId: viewer.user.id }, size, after ? decodePaymentCursor(after) : null));
    const edges = page.payments.map((payment) => ({ node: toPaymentType(payment), cursor: encodePaymentCursor(payment) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
