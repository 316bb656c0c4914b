import { Role, requireTenant, type RequestContext, toUserErrorTypes } from '@platform/api';
import { isCounterMethod } from '@platform/core';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { paymentAllocationsLoader } from '../payment/payment.loaders';
import { toPaymentType } from '../payment/payment.mappers';
import { PaymentType } from '../payment/payment.types';
import { GivingBackPayloadType } from '../approvals/giving-back-approval.types';
import { toApprovalType } from '../approvals/giving-back-approve.service';
import type { GivenBack } from './refund.service';
import type { Result } from '@platform/core';
import type { PaymentsSettings } from '../payments-settings';
import { paymentOperationsLoader } from './payment-operation.loaders';
import { toOperationType } from './payment-operation.mappers';
import { GivingBackBlockEnum, givingBackBlockedBy, type GivingBackBlock } from './giving-back-block';
import { isCounterVoidableAt, isVoidableFieldAt } from './payment-actions';
import { PaymentOperationType } from './payment-operation.types';
import { refundPayment } from './refund.service';
import { RefundPaymentInput, VoidPaymentInput } from './refunds-and-voids.inputs';
import { voidPayment } from './void.service';

/** City staff: refunds and voids, and the operations they leave on a payment. */
@Resolver(() => PaymentType)
export class RefundsAndVoidsResolver {
  constructor(private readonly settings: PaymentsSettings) {}

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => GivingBackPayloadType, {
    description:
      "Staff: gives back all or part of a payment, with a reason. Asked of one account the payment paid (serviceAccountId), it comes off that account's share alone, at most what that share has left, never the convenience fee. Otherwise a partial refund is taken from what the payment paid the accounts first, in the payment's line order, and from its convenience fee last, so the fee comes back only with the whole payment (a refund of the fee's amount alone takes it from the accounts). What a refund takes from the accounts is owed on them again; the payer's email says how much, less what other payments have paid since. Idempotent by idempotencyKey: the key sent again with another amount or account is refused (IDEMPOTENCY_KEY_REUSED). A refund that brings what the payment has given back to the city's refundApprovalThreshold or past it is not sent: it awaits a second ADMIN (`approval`, AWAITING; approveGivingBack), and the key sent again answers with it.",
  })
  async refundPayment(@Arg('input', () => RefundPaymentInput) input: RefundPaymentInput, @Ctx() ctx: RequestContext): Promise<GivingBackPayloadType> {
    return givingBackPayload(await refundPayment(requireTenant(ctx), this.settings.processor, input), ctx);
  }

  // The operator too: the second pair of eyes for a counter payment's void, when the city has no other staff member on
  // the day (the void is same-day only). The operator takes no money (recordCounterPayment is the city's staff's), so
  // four eyes still hold, and the history and audit log name "platform-operator". Only that: a card or e-check void is
  // the city's staff's (voidPayment refuses the operator FORBIDDEN), since the key is good in every city.
  @Authorized(Role.SUPPORT, Role.ADMIN, Role.PLATFORM_OPERATOR)
  @Mutation(() => GivingBackPayloadType, {
    description:
      "Staff (or, for cash or a check recorded at the counter only, the platform's operator; FORBIDDEN for any other payment): cancels a payment, with a reason: a card charge before it posts, on the day it was made (the processor's day, UTC; after that, NOT_VOIDABLE: refund it), an e-check before its bank settles it, or cash or a check recorded at the counter in error, on the day it was taken (city time; after that, NOT_VOIDABLE: it is given back at the office) and by someone other than the staff member who took it: another staff member or the platform's operator (SECOND_STAFF_REQUIRED). A counter payment's void is carried out at once: VOIDED, its amount owed again on the accounts, the payer told. A card charge already voided in the processor's dashboard is recorded VOIDED and answered with. Voiding a voided payment answers with it; it is never reversed twice. NOT_VOIDABLE says to refund instead only while a refund can give money back; otherwise it names the status that allows neither (refunded in full, declined, returned). PROCESSOR_UNAVAILABLE: the void was sent and is not yet confirmed; reconciliation sends it again. A card or e-check void of the city's refundApprovalThreshold or more is not sent: it awaits a second ADMIN (`approval`, AWAITING; approveGivingBack), and asking again answers with it.",
  })
  async voidPayment(@Arg('input', () => VoidPaymentInput) input: VoidPaymentInput, @Ctx() ctx: RequestContext): Promise<GivingBackPayloadType> {
    return givingBackPayload(await voidPayment(requireTenant(ctx), this.settings.processor, input), ctx);
  }

  /**
   * Payment.voidable depends on the time, which toPaymentType (a function of the record alone) cannot know, so it is
   * answered here: a counter payment's on today in the city's calendar, a card charge's on the processor's day. Whoever
   * may see the payment sees it, as before; that the staff member who took a counter payment may not void it is said on asking.
   */
  @FieldResolver(() => Boolean)
  voidable(@Root() payment: PaymentType, @Ctx() ctx: RequestContext): boolean {
    if (!isCounterMethod(payment.method.kind)) return isVoidableFieldAt(payment, ctx.clock.now());
    return isCounterVoidableAt(payment, ctx.clock.now(), requireTenant(ctx).tenant.timeZone);
  }

  @Authorized(Role.SUPPORT, Role.ADMIN, Role.PLATFORM_OPERATOR)
  @FieldResolver(() => GivingBackBlockEnum, {
    nullable: true,
    description:
      'Staff: why the one asking may not refund or void this payment even where refundable or voidable says the payment allows it (GivingBackBlock), as refundPayment and voidPayment would refuse them (ACCOUNT_CLOSED); null when nothing of theirs stands in the way.',
  })
  async givingBackBlockedBy(@Root() payment: PaymentType, @Ctx() ctx: RequestContext): Promise<GivingBackBlock | null> {
    const allocations = await ctx.loaders.get(paymentAllocationsLoader).load(payment.id);
    return givingBackBlockedBy(
      ctx.viewer,
      allocations.some((allocation) => allocation.target.accountClosed),
    );
  }

  // The operator too, as voidPayment lets it void: the answer to its void is the payment, whose operations say how it went.
  @Authorized(Role.SUPPORT, Role.ADMIN, Role.PLATFORM_OPERATOR)
  @FieldResolver(() => [PaymentOperationType], {
    description: "Staff, or the platform's operator: the refunds and voids asked of this payment, oldest first, each with its own status and history.",
  })
  async operations(@Root() payment: PaymentType, @Ctx() ctx: RequestContext): Promise<PaymentOperationType[]> {
    return (await ctx.loaders.get(paymentOperationsLoader).load(payment.id)).map(({ operation, history }) => toOperationType(operation, history, ctx.locale));
  }
}

async function givingBackPayload(result: Result<GivenBack>, ctx: RequestContext): Promise<GivingBackPayloadType> {
  if (!result.ok) return { payment: null, approval: null, userErrors: toUserErrorTypes(result.userErrors) };
  const { payment, approval } = result.value;
  const tenant = requireTenant(ctx);
  return {
    payment: toPaymentType(payment, ctx.locale),
    approval: approval && (await toApprovalType(Object.assign(approval, { confirmationNumber: payment.confirmationNumber }), tenant)),
    userErrors: [],
  };
}
