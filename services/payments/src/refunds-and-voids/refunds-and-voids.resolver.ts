import { Role, requireTenant, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { toPaymentType, toUserErrorTypes } from '../payment/payment.mappers';
import { PaymentPayloadType, PaymentType } from '../payment/payment.types';
import type { PaymentsSettings } from '../payments-settings';
import { paymentOperationsLoader } from './payment-operation.loaders';
import { toOperationType } from './payment-operation.mappers';
import { PaymentOperationType } from './payment-operation.types';
import { refundPayment } from './refund.service';
import { RefundPaymentInput, VoidPaymentInput } from './refunds-and-voids.inputs';
import { voidPayment } from './void.service';

/** City staff: refunds and voids, and the operations they leave on a payment. */
@Resolver(() => PaymentType)
export class RefundsAndVoidsResolver {
  constructor(private readonly settings: PaymentsSettings) {}

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => PaymentPayloadType, { description: 'Staff: gives back all or part of a payment, with a reason. Idempotent by idempotencyKey.' })
  async refundPayment(@Arg('input', () => RefundPaymentInput) input: RefundPaymentInput, @Ctx() ctx: RequestContext): Promise<PaymentPayloadType> {
    const result = await refundPayment(requireTenant(ctx), this.settings.processor, input);
    return result.ok ? { payment: toPaymentType(result.value, ctx.locale), userErrors: [] } : { payment: null, userErrors: toUserErrorTypes(result.userErrors) };
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => PaymentPayloadType, { description: 'Staff: cancels a payment before it settles.' })
  async voidPayment(@Arg('input', () => VoidPaymentInput) input: VoidPaymentInput, @Ctx() ctx: RequestContext): Promise<PaymentPayloadType> {
    const result = await voidPayment(requireTenant(ctx), this.settings.processor, input);
    return result.ok ? { payment: toPaymentType(result.value, ctx.locale), userErrors: [] } : { payment: null, userErrors: toUserErrorTypes(result.userErrors) };
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @FieldResolver(() => [PaymentOperationType], { description: 'Staff: the refunds and voids asked of this payment, oldest first, each with its own status and history.' })
  async operations(@Root() payment: PaymentType, @Ctx() ctx: RequestContext): Promise<PaymentOperationType[]> {
    return (await ctx.loaders.get(paymentOperationsLoader).load(payment.id)).map(({ operation, history }) => toOperationType(operation, history, ctx.locale));
  }
}
