import { Role, UUIDScalar, assertPeriodInOrder, requireTenant, type RequestContext } from '@platform/api';
import { DomainError, ErrorCode, translate, type Locale } from '@platform/core';
import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { PaymentsModuleSettings } from '../payments-settings';
import { normaliseConfirmationNumber } from './confirmation-number';
import { PaymentFilterInput } from './payment.inputs';
import { paymentAllocationsLoader, paymentByIdLoader, paymentHistoryLoader } from './payment.loaders';
import { toAllocationType, toPaymentType, toTransitionType } from './payment.mappers';
import { listPayments, paymentByReceipt } from './payment.queries';
import { PaymentAllocationType, PaymentConnectionType, PaymentTransitionType, PaymentType } from './payment.types';

/** A confirmation number as staff typed it from a payer's words, as stored; BAD_USER_INPUT when it cannot be one. */
function confirmationNumberSought(locale: Locale, typed: string): string {
  const number = normaliseConfirmationNumber(typed);
  if (number === null)
    throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(locale, 'error.confirmationNumberInvalid'), { reason: 'INVALID_CONFIRMATION_NUMBER', field: 'filter.confirmationNumber' });
  return number;
}

/** A payment as anyone who may see it sees it: staff, their city's; a guest, by its receipt. */
@Resolver(() => PaymentType)
export class PaymentResolver {
  constructor(private readonly settings: Pick<PaymentsModuleSettings, 'receiptSecret'>) {}

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => PaymentConnectionType, { description: 'Staff: payments, newest first, filtered; a filter whose `to` is before its `from` is BAD_USER_INPUT (reason INVALID_PERIOD).' })
  async payments(
    @Arg('filter', () => PaymentFilterInput, { nullable: true }) filter: PaymentFilterInput | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PaymentConnectionType> {
    if (filter?.from && filter.to) assertPeriodInOrder(ctx.locale, filter.from, filter.to, 'filter.to');
    const confirmationNumber = filter?.confirmationNumber ? confirmationNumberSought(ctx.locale, filter.confirmationNumber) : null;
    const page = await listPayments(requireTenant(ctx), { ...filter, confirmationNumber }, { first, after }, { default: 50, max: 200 }, (payment) => toPaymentType(payment, ctx.locale));
    return { edges: [...page.edges], pageInfo: page.pageInfo };
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => PaymentType, { nullable: true, description: 'Staff: one payment.' })
  async payment(@Arg('id', () => UUIDScalar) id: string, @Ctx() ctx: RequestContext): Promise<PaymentType | null> {
    const payment = await ctx.loaders.get(paymentByIdLoader).load(id);
    return payment ? toPaymentType(payment, ctx.locale) : null;
  }

  @Query(() => PaymentType, { nullable: true, description: "A guest's payment, by its confirmation number and the receipt token makePayment returned." })
  async paymentByConfirmation(@Arg('confirmationNumber') confirmationNumber: string, @Arg('receiptToken') receiptToken: string, @Ctx() ctx: RequestContext): Promise<PaymentType | null> {
    const payment = await paymentByReceipt(requireTenant(ctx), this.settings.receiptSecret, confirmationNumber, receiptToken);
    return payment ? toPaymentType(payment, ctx.locale) : null;
  }

  @FieldResolver(() => [PaymentAllocationType])
  async allocations(@Root() payment: PaymentType, @Ctx() ctx: RequestContext): Promise<PaymentAllocationType[]> {
    return (await ctx.loaders.get(paymentAllocationsLoader).load(payment.id)).map(toAllocationType);
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @FieldResolver(() => [PaymentTransitionType], { description: 'Staff: every status the payment has had, oldest first.' })
  async history(@Root() payment: PaymentType, @Ctx() ctx: RequestContext): Promise<PaymentTransitionType[]> {
    return (await ctx.loaders.get(paymentHistoryLoader).load(payment.id)).map((transition) => toTransitionType(transition, ctx.locale));
  }
}
