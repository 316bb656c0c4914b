import { Role, UserErrorType, requireTenant, toUserErrorTypes, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { isCheckReturnableAt } from '../refunds-and-voids/payment-actions';
import { toPaymentType } from '../payment/payment.mappers';
import { PaymentType } from '../payment/payment.types';
import { RecordReturnedCheckInput } from './returned-check.inputs';
import { recordReturnedCheck } from './returned-check.service';

@ObjectType('RecordReturnedCheckPayload', { description: 'The check payment as returned (RETURNED), or why nothing was recorded.' })
export class RecordReturnedCheckPayloadType {
  @Field(() => PaymentType, { nullable: true }) payment: PaymentType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

/** The city's ADMIN records a paper check its bank sent back. */
@Resolver()
export class ReturnedCheckResolver {
  // ADMIN only: it puts a debt back on a resident's account, as approving a large refund is the ADMIN's.
  @Authorized(Role.ADMIN)
  @Mutation(() => RecordReturnedCheckPayloadType, {
    description:
      "ADMIN: records that the payer's bank sent back a check taken at the counter (any day after it was taken; on its day it is NOT_RETURNABLE: void it instead). What it paid is owed again on the accounts from the day recorded, with the city's returned-payment fee (paymentRules.returnedPaymentFee) charged once, the payment is RETURNED (the day it was taken keeps its totals and drawer; the return counts on the day recorded), the payer is emailed in their language, and the audit log has COUNTER_CHECK_RETURNED. NOT_RETURNABLE: not a counter check, returned already, or voided or refunded in full. Idempotent by idempotencyKey; the key sent for another payment or reason is IDEMPOTENCY_KEY_REUSED.",
  })
  async recordReturnedCheck(@Arg('input', () => RecordReturnedCheckInput) input: RecordReturnedCheckInput, @Ctx() ctx: RequestContext): Promise<RecordReturnedCheckPayloadType> {
    const result = await recordReturnedCheck(requireTenant(ctx), input);
    return result.ok ? { payment: toPaymentType(result.value, ctx.locale), userErrors: [] } : { payment: null, userErrors: toUserErrorTypes(result.userErrors) };
  }
}

/** Whether the console offers "Returned by the bank" on a payment: answered here, as it depends on the day and the viewer. */
@Resolver(() => PaymentType)
export class CheckReturnableResolver {
  @FieldResolver(() => Boolean, {
    description:
      "Whether the one asking may record this payment as a check returned by its bank now (recordReturnedCheck): a check taken at the counter, still posted (perhaps refunded in part), on a day after it was taken, and the city's ADMIN asking. False for anyone else.",
  })
  checkReturnable(@Root() payment: PaymentType, @Ctx() ctx: RequestContext): boolean {
    if (!ctx.viewer?.roles.includes(Role.ADMIN)) return false;
    return isCheckReturnableAt({ methodKind: payment.method.kind, status: payment.status, madeAt: payment.madeAt }, ctx.clock.now(), requireTenant(ctx).tenant.timeZone);
  }
}
