import { Role, UserErrorType, requireTenant, type RequestContext, toUserErrorTypes } from '@platform/api';
import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { toPaymentType } from '../payment/payment.mappers';
import { PaymentType } from '../payment/payment.types';
import { RecordCounterPaymentInput } from './counter-payment.inputs';
import { recordCounterPayment } from './counter-payment.service';

@ObjectType('RecordCounterPaymentPayload', { description: 'The counter payment as recorded (POSTED, with its confirmation number), or why nothing was recorded.' })
export class RecordCounterPaymentPayloadType {
  @Field(() => PaymentType, { nullable: true }) payment: PaymentType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

/** Staff record money taken in person at the city's office. */
@Resolver()
export class CounterPaymentResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => RecordCounterPaymentPayloadType, {
    description:
      "Staff (SUPPORT, ADMIN): records cash or a check taken at the city's office (where the city's paymentRules.counterPaymentsAccepted). No processor is called: the payment is recorded, captured and posted at once, with its events, ledger entries and receipt. Idempotent by idempotencyKey.",
  })
  async recordCounterPayment(@Arg('input', () => RecordCounterPaymentInput) input: RecordCounterPaymentInput, @Ctx() ctx: RequestContext): Promise<RecordCounterPaymentPayloadType> {
    const result = await recordCounterPayment(requireTenant(ctx), input);
    return result.ok ? { payment: toPaymentType(result.value, ctx.locale), userErrors: [] } : { payment: null, userErrors: toUserErrorTypes(result.userErrors) };
  }
}
