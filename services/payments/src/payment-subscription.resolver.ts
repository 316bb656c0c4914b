import { MoneyType, Role, UUIDScalar, requireTenant, type PlatformEvent, type RequestContext } from '@platform/api';
import { money } from '@platform/core';
import { withTenant } from '@platform/db';
import { Arg, Authorized, Ctx, FieldResolver, Resolver, Root, Subscription } from 'type-graphql';
import { followPayment, followPaymentFeed, type PaymentToFollow } from './payment-subscriptions';
import type { PaymentStatus } from './payment-status';
import { PaymentEntity } from './payment.entity';
import { toPaymentType } from './payments.mappers';
import { PaymentEventType, PaymentFeedFilterInput, PaymentType } from './payments.types';

/**
 * Where the subscriptions find the receipt key. type-graphql calls a
 * subscription's `subscribe` outside the resolver instance, so the payments
 * module sets it once when it is created (one configuration per process).
 */
export const subscriptionKeys: { receiptSecret: Uint8Array | null } = { receiptSecret: null };

const receiptSecret = () => {
  if (!subscriptionKeys.receiptSecret) throw new Error('payments module not created: no receipt key for subscriptions');
  return subscriptionKeys.receiptSecret;
};

/** Live payments: the staff feed and a payer's own payment. */
@Resolver(() => PaymentEventType)
export class PaymentSubscriptionResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Subscription(() => PaymentEventType, {
    description: "Staff: every payment event of the city, in order. With `after` (the last cursor you saw), first what you missed, then live: no gap, no duplicate.",
    subscribe: ({ args, context }) => {
      const { after, filter } = args as { after?: string | null; filter?: { statuses?: PaymentStatus[] | null } | null };
      return followPaymentFeed(context as RequestContext, after ?? null, filter?.statuses ?? null);
    },
  })
  paymentFeed(
    @Root() event: PlatformEvent,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
    @Arg('filter', () => PaymentFeedFilterInput, { nullable: true }) _filter: PaymentFeedFilterInput | null,
  ): PaymentEventType {
    return toPaymentEvent(event);
  }

  @Subscription(() => PaymentEventType, {
    description: 'One payment as it moves (PENDING -> CAPTURED -> POSTED...), from its first event. Signed in: by id (your own). Guests: confirmation number and receipt token.',
    subscribe: ({ args, context }) => followPayment(context as RequestContext, receiptSecret(), args as PaymentToFollow),
  })
  paymentUpdated(
    @Root() event: PlatformEvent,
    @Arg('paymentId', () => UUIDScalar, { nullable: true }) _paymentId: string | null,
    @Arg('confirmationNumber', () => String, { nullable: true }) _confirmationNumber: string | null,
    @Arg('receiptToken', () => String, { nullable: true }) _receiptToken: string | null,
  ): PaymentEventType {
    return toPaymentEvent(event);
  }

  @FieldResolver(() => PaymentType, { nullable: true, description: 'The payment as it is now (the event says what it was then).' })
  async payment(@Root() event: PaymentEventType, @Ctx() ctx: RequestContext): Promise<PaymentType | null> {
    const payment = await withTenant(requireTenant(ctx), (manager) => manager.getRepository(PaymentEntity).findOneBy({ id: event.paymentId }));
    return payment ? toPaymentType(payment) : null;
  }
}

function toPaymentEvent(event: PlatformEvent): PaymentEventType {
  const payload = event.payload as { paymentId: string; confirmationNumber: string; status: PaymentStatus; totalCents: string };
  return {
    cursor: event.cursor,
    type: event.type,
    occurredAt: new Date(event.occurredAt),
    paymentId: payload.paymentId,
    confirmationNumber: payload.confirmationNumber,
    status: payload.status,
    total: new MoneyType(money(BigInt(payload.totalCents))),
  };
}
