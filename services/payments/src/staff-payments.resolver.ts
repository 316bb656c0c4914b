import { Role, UUIDScalar, requireTenant, type RequestContext } from '@platform/api';
import { withTenant } from '@platform/db';
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { decodePaymentCursor, encodePaymentCursor, listPayments } from './payment-queries';
import { PaymentEntity } from './payment.entity';
import { PaymentFilterInput, RefundPaymentInput, VoidPaymentInput } from './payments.inputs';
import { toPaymentType, toPaymentUserErrors } from './payments.mappers';
import type { PaymentsSettings } from './payments-settings';
import { PaymentConnectionType, PaymentPayloadType, PaymentType } from './payments.types';
import { refundPayment } from './refund.service';
import { voidPayment } from './void.service';

/** City staff: the payments feed, refunds and voids. */
@Resolver()
export class StaffPaymentsResolver {
  constructor(private readonly settings: PaymentsSettings) {}

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => PaymentConnectionType, { description: 'Staff: payments, newest first, filtered.' })
  async payments(
    @Arg('filter', () => PaymentFilterInput, { nullable: true }) filter: PaymentFilterInput | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PaymentConnectionType> {
    const size = Math.min(Math.max(first, 1), 200);
    const page = await withTenant(requireTenant(ctx), (manager) => listPayments(manager, filter ?? {}, size, after ? decodePaymentCursor(after) : null));
    const edges = page.payments.map((payment) => ({ node: toPaymentType(payment), cursor: encodePaymentCursor(payment) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => PaymentType, { nullable: true, description: 'Staff: one payment.' })
  async payment(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<PaymentType | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const payment = await withTenant(requireTenant(ctx), (manager) => manager.getRepository(PaymentEntity).findOneBy({ id }));
    return payment ? toPaymentType(payment) : null;
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => PaymentPayloadType, { description: 'Staff: gives back all or part of a payment, with a reason. Idempotent by idempotencyKey.' })
  async refundPayment(@Arg('input', () => RefundPaymentInput) input: RefundPaymentInput, @Ctx() ctx: RequestContext): Promise<PaymentPayloadType> {
    const result = await refundPayment(requireTenant(ctx), this.settings.processor, input);
    return result.ok ? { payment: toPaymentType(result.value), userErrors: [] } : { payment: null, userErrors: toPaymentUserErrors(result.userErrors) };
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => PaymentPayloadType, { description: 'Staff: cancels a payment before it settles.' })
  async voidPayment(@Arg('input', () => VoidPaymentInput) input: VoidPaymentInput, @Ctx() ctx: RequestContext): Promise<PaymentPayloadType> {
    const result = await voidPayment(requireTenant(ctx), this.settings.processor, input.paymentId, input.reason);
    return result.ok ? { payment: toPaymentType(result.value), userErrors: [] } : { payment: null, userErrors: toPaymentUserErrors(result.userErrors) };
  }
}
