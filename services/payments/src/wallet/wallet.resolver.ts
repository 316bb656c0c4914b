import { Role, UUIDScalar, requireTenant, type RequestContext, type TenantContext, toUserErrorTypes } from '@platform/api';
import { localDateOf } from '@platform/core';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { PaymentsModuleSettings } from '../payments-settings';
import { toSavedMethodType } from './wallet.mappers';
import { listPaymentMethods } from './wallet.queries';
import { removePaymentMethod, savePaymentMethod } from './wallet.service';
import { RemovePaymentMethodPayloadType, SavedPaymentMethodPayloadType, SavedPaymentMethodType } from './wallet.types';

/** A signed-in customer's wallet: the cards and bank accounts they keep with the city. */
@Resolver()
export class WalletResolver {
  constructor(private readonly settings: PaymentsModuleSettings) {}

  @Authorized(Role.CUSTOMER)
  @Mutation(() => SavedPaymentMethodPayloadType, { description: 'Saves a card or bank account from a token; the processor must confirm it, or it is not saved.' })
  async savePaymentMethod(@Arg('token') token: string, @Ctx() ctx: RequestContext): Promise<SavedPaymentMethodPayloadType> {
    const tenantCtx = requireTenant(ctx);
    const result = await savePaymentMethod(tenantCtx, this.settings.processor, token, this.settings.methodRenewed);
    // Saving refuses a bank account the city blocked (BANK_ACCOUNT_BLOCKED, as a payment does), so one just saved is not.
    return result.ok ? { paymentMethod: toSavedMethodType(result.value, cityToday(tenantCtx), new Map()), userErrors: [] } : { paymentMethod: null, userErrors: toUserErrorTypes(result.userErrors) };
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => [SavedPaymentMethodType], { description: "The signed-in customer's saved methods." })
  async paymentMethods(@Ctx() ctx: RequestContext): Promise<SavedPaymentMethodType[]> {
    const tenantCtx = requireTenant(ctx);
    const today = cityToday(tenantCtx);
    const { methods, blocks } = await listPaymentMethods(tenantCtx, ctx.viewer!.userId);
    return methods.map((method) => toSavedMethodType(method, today, blocks));
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => RemovePaymentMethodPayloadType)
  async removePaymentMethod(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<RemovePaymentMethodPayloadType> {
    const result = await removePaymentMethod(requireTenant(ctx), this.settings.processor, id, this.settings.methodInUse);
    return { userErrors: result.ok ? [] : toUserErrorTypes(result.userErrors) };
  }
}

/** Today in the city (YYYY-MM-DD), the calendar a saved card expires on. */
const cityToday = (ctx: TenantContext) => localDateOf(ctx.clock.now(), ctx.tenant.timeZone);
