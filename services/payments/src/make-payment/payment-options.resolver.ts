import { MoneyType, validateInput, type RequestContext } from '@platform/api';
import { DomainError, ErrorCode, money } from '@platform/core';
import { TenantType, describeConvenienceFee, findTenantBySlug, tenantByIdLoader } from '@platform/tenants';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { PaymentsSettings } from '../payments-settings';
import { positiveAmountInput } from '../payment/input-checks';
import { convenienceFeeCents } from './convenience-fee';
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
      feePolicy: rules.convenienceFee,
    };
  }
}

/** `tenant { payments { convenienceFeeFor(amount) } }`: the fee itself, so a page shows it and the total before the payer confirms. */
@Resolver(() => PaymentOptionsType)
export class ConvenienceFeeQuoteResolver {
  @FieldResolver(() => MoneyType, {
    description:
      'The convenience fee makePayment adds to a payment of `amount` (dollars, e.g. "100.00"), to show with the total before the payer confirms. A malformed or non-positive amount is BAD_USER_INPUT.',
  })
  convenienceFeeFor(@Root() options: PaymentOptionsType, @Arg('amount') amount: string, @Ctx() ctx: RequestContext): MoneyType {
    const checked = validateInput(positiveAmountInput, amount, ctx.locale, ['amount']);
    if (!checked.ok) throw new DomainError(ErrorCode.BAD_USER_INPUT, checked.userErrors[0]!.message);
    return new MoneyType(money(convenienceFeeCents(options.feePolicy, checked.value)));
  }
}
