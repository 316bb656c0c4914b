import { requireTenant, type RequestContext, toUserErrorTypes } from '@platform/api';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { toPaymentType } from '../payment/payment.mappers';
import { receiptTokenFor } from '../payment/receipt-token';
import type { PaymentsModuleSettings } from '../payments-settings';
import { declineOf } from './decline.errors';
import { MakePaymentInput } from './make-payment.inputs';
import { makePayment } from './make-payment.service';
import { MakePaymentPayloadType } from './make-payment.types';

/** Paying: guests and customers. */
@Resolver()
export class MakePaymentResolver {
  constructor(private readonly settings: PaymentsModuleSettings) {}

  @Mutation(() => MakePaymentPayloadType, {
    description: 'Pays one or more accounts or payables. Guests and customers. Idempotent by idempotencyKey. A decline answers with the declined payment and a userError: see MakePaymentPayload.',
  })
  async makePayment(@Arg('input', () => MakePaymentInput) input: MakePaymentInput, @Ctx() ctx: RequestContext): Promise<MakePaymentPayloadType> {
    const result = await makePayment(requireTenant(ctx), this.settings, input);
    if (!result.ok) return { payment: null, receiptToken: null, userErrors: toUserErrorTypes(result.userErrors) };
    const payment = result.value;
    const decline = declineOf(payment, ctx.locale);
    return {
      payment: toPaymentType(payment, ctx.locale),
      receiptToken: payment.payerUserId ? null : receiptTokenFor(this.settings.receiptSecret, payment),
      userErrors: toUserErrorTypes(decline ? [decline] : []),
    };
  }
}
