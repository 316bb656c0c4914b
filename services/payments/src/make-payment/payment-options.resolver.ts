import { MoneyType, type RequestContext } from '@platform/api';
import { money } from '@platform/core';
import { TenantType, describeConvenienceFee, findTenantBySlug, tenantByIdLoader } from '@platform/tenants';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { PaymentsSettings } from '../payments-settings';
import { PaymentOptionsType } from './make-payment.types';

/** `tenant { payments }`: where and how a front end takes a payment in this city. */
@Resolver(() => TenantType)
export class PaymentOptionsResolver {
  constructor(private readonly settings: PaymentsSettings) {}

  @FieldResolver(() => PaymentOptionsType)
  async payments(@Root() root: TenantType, @Ctx() ctx: RequestContext): Promise<PaymentOptionsType> {
    // The request's own city is already loaded for this request; the operator's list of cities needs a look-up.
    const tenant = ctx.tenant?.slug === root.slug ? await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id) : await findTenantBySlug(ctx.db, root.slug);
    if (!tenant) throw new Error(`tenant ${root.slug} vanished during the request`);
    const rules = tenant.settings.paymentRules;
    return {
      tokenizeUrl: this.settings.tokenizeUrl,
      hostedFieldsUrl: this.settings.hostedFieldsUrl,
      acceptedCardBrands: [...rules.acceptedCardBrands],
      echeckAccepted: rules.echeckAccepted,
      convenienceFee: describeConvenienceFee(rules.convenienceFee, ctx.locale),
      maxPayment: new MoneyType(money(BigInt(rules.maxPaymentCents))),
      autopayMethodsOnline: [...tenant.settings.autopayRules.methodsAllowedOnline],
    };
  }
}
