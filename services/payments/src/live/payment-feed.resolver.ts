import { Role, UUIDScalar, type PlatformEvent, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root, Subscription } from 'type-graphql';
import { paymentByIdLoader } from '../payment/payment.loaders';
import { toPaymentType } from '../payment/payment.mappers';
import type { PaymentStatus } from '../payment/payment.state';
import { PaymentType } from '../payment/payment.types';
import { toPaymentEventType } from './payment-feed.mappers';
import { followPayment, followPaymentFeed, paymentFeedHead, type PaymentToFollow } from './payment-feed.service';
import { PaymentEventType, PaymentFeedFilterInput } from './payment-feed.types';

/**
 * Live payments: the staff feed and a payer's own payment. Made per payments
 * module, because type-graphql calls a subscription's `subscribe` outside
 * the resolver instance: the receipt key reaches it through this closure, so
 * two modules built with two keys (two gateways in one process) each check
 * their own.
 */
export function createPaymentFeedResolver(receiptSecret: Uint8Array): new () => object {
  @Resolver(() => PaymentEventType)
  class PaymentFeedResolver {
    @Authorized(Role.SUPPORT, Role.ADMIN)
    @Subscription(() => PaymentEventType, {
      description: 'Staff: every payment event of the city, in order. With `after` (the last cursor you saw; "0": from the first event), first what you missed, then live: no gap, no duplicate.',
      subscribe: ({ args, context }) => {
        const { after, filter } = args as { after?: string | null; filter?: { statuses?: PaymentStatus[] | null } | null };
        return followPaymentFeed(context as RequestContext, after ?? null, filter?.statuses ?? null);
      },
    })
    paymentFeed(
      @Root() event: PlatformEvent,
      @Arg('after', () => String, { nullable: true }) _after: string | null,
      @Arg('filter', () => PaymentFeedFilterInput, { nullable: true }) _filter: PaymentFeedFilterInput | null,
      @Ctx() ctx: RequestContext,
    ): PaymentEventType {
      return toPaymentEventType(event, ctx.locale);
    }

    @Authorized(Role.SUPPORT, Role.ADMIN)
    @Query(() => String, {
      nullable: true,
      description: "Staff: the cursor of the city's latest payment event, null before the first. A board that follows `paymentFeed` from the start has caught up once it has seen this cursor.",
    })
    paymentFeedHead(@Ctx() ctx: RequestContext): Promise<string | null> {
      return paymentFeedHead(ctx);
    }

    @Subscription(() => PaymentEventType, {
      description:
        "One payment as it moves (PENDING -> CAPTURED -> POSTED...), from its first event. Anyone, signed in or not: by confirmation number and receipt token; `paymentId` may be sent with them (a page that kept makePayment's answer), and must then be that payment's id, else BAD_USER_INPUT (reason PAYMENT_ID_MISMATCH, field paymentId). Signed in: by `paymentId` alone too (your own payments; staff, any of the city's). Anything else is NOT_FOUND, whether or not the payment exists.",
      subscribe: ({ args, context }) => followPayment(context as RequestContext, receiptSecret, args as PaymentToFollow),
    })
    paymentUpdated(
      @Root() event: PlatformEvent,
      @Arg('paymentId', () => UUIDScalar, { nullable: true }) _paymentId: string | null,
      @Arg('confirmationNumber', () => String, { nullable: true }) _confirmationNumber: string | null,
      @Arg('receiptToken', () => String, { nullable: true }) _receiptToken: string | null,
      @Ctx() ctx: RequestContext,
    ): PaymentEventType {
      return toPaymentEventType(event, ctx.locale);
    }

    @FieldResolver(() => PaymentType, { nullable: true, description: 'The payment as it is now (the event says what it was then).' })
    async payment(@Root() event: PaymentEventType, @Ctx() ctx: RequestContext): Promise<PaymentType | null> {
      // As it is now: each event starts with the subscription's loaders emptied (freshLoadersForEachChange).
      const payment = await ctx.loaders.get(paymentByIdLoader).load(event.paymentId);
      return payment ? toPaymentType(payment, ctx.locale) : null;
    }
  }
  return PaymentFeedResolver;
}
