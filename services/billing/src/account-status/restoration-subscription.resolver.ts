import { Role, closeWhenTooSlow, endWhenSessionExpires, followFrom, matchesAny, requireTenant, type EventMatch, type PlatformEvent, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { AccountStatusChanged, RestorationPaymentPosted } from './account-status.events';
import { AccountStatusEnum, RestorationBlockEnum } from '../billing.enums';
import { balanceLoader } from '../ledger/ledger.loaders';
import type { AccountStatus } from './account-status.state';
import { restorationBlockFor } from './restoration-block.loaders';
import { isApprovable, type RestorationBlock } from './restoration-rules';

@ObjectType('RestorationRequestEvent', {
  description:
    'A restoration request opened (paid in full), closed (approved, or its payment came back), or its payment posted or cleared its bank (reason PAYMENT_POSTED, the status stays RESTORATION_PENDING; `approvable` and `blockedBy` say whether it may be approved now). Open while `to` is RESTORATION_PENDING.',
})
export class RestorationRequestEventType {
  @Field({ description: 'Pass as `after` to resume from here. Opaque, and sealed for the city: it tells nothing of order or volume, and no other city takes it.' }) cursor: string;
  @Field() occurredAt: Date;
  @Field(() => ID) serviceAccountId: string;
  @Field() accountNumber: string;
  @Field(() => AccountStatusEnum, { nullable: true }) from: AccountStatus | null;
  @Field(() => AccountStatusEnum) to: AccountStatus;
  @Field({ description: 'PAID_IN_FULL, PAYMENT_POSTED, PAYMENT_RETURNED, BALANCE_OWED_AGAIN, RESTORATION_APPROVED or CLOSED.' }) reason: string;
  @Field(() => ID, { nullable: true, description: 'The payment that opened the request, posted, or came back (null for a staff action).' }) paymentId: string | null;
}

/** A request opening or closing (a change into or out of RESTORATION_PENDING), or its payment posting. */
const RESTORATION_EVENTS: readonly EventMatch[] = [
  { typePrefix: AccountStatusChanged.typePrefix, payload: { to: 'RESTORATION_PENDING' } },
  { typePrefix: AccountStatusChanged.typePrefix, payload: { from: 'RESTORATION_PENDING' } },
  { typePrefix: RestorationPaymentPosted.typePrefix },
];
const RESTORATION_EVENT_TYPES = [...new Set(RESTORATION_EVENTS.map((match) => match.typePrefix))];
const isRestorationEvent = (event: PlatformEvent) => {
  // Read through its kind first: a status change that does not fit it (a writer's bug) fails the feed, not skipped.
  if (!RestorationPaymentPosted.includes(event)) AccountStatusChanged.read(event);
  return matchesAny(RESTORATION_EVENTS, event);
};

function toRestorationRequestEvent(event: PlatformEvent): RestorationRequestEventType {
  const base = { cursor: event.cursor, occurredAt: new Date(event.occurredAt) };
  if (RestorationPaymentPosted.includes(event)) {
    const { serviceAccountId, accountNumber, paymentId } = RestorationPaymentPosted.read(event);
    return { ...base, serviceAccountId, accountNumber, from: 'RESTORATION_PENDING', to: 'RESTORATION_PENDING', reason: 'PAYMENT_POSTED', paymentId };
  }
  const { serviceAccountId, accountNumber, from, to, reason, paymentId } = AccountStatusChanged.read(event);
  return { ...base, serviceAccountId, accountNumber, from, to, reason, paymentId };
}

/** Staff watch restoration requests arrive, become approvable and leave, live. */
@Resolver(() => RestorationRequestEventType)
export class RestorationSubscriptionResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Subscription(() => RestorationRequestEventType, {
    description: 'Staff: restoration requests as they open, become approvable and close; with `after`, what was missed first.',
    subscribe: async ({ args, context }) => {
      const ctx = context as RequestContext;
      const { after } = args as { after?: string | null };
      const tenantId = requireTenant(ctx).tenant.id;
      const events = ctx.events.follow(tenantId, {
        from: await followFrom(ctx.events, tenantId, after, ctx.locale),
        typePrefixes: RESTORATION_EVENT_TYPES,
        accept: isRestorationEvent,
        onOverflow: closeWhenTooSlow(ctx.connection),
      });
      return endWhenSessionExpires(ctx, events);
    },
  })
  restorationRequests(@Root() event: PlatformEvent, @Arg('after', () => String, { nullable: true }) _after: string | null): RestorationRequestEventType {
    return toRestorationRequestEvent(event);
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => String, {
    nullable: true,
    description:
      'Staff: the cursor of the latest event `restorationRequests` hands over, as the queue is now; null before its first. A page that follows the feed from the start tells a request arriving from its replay by this: an event after the one with this cursor happened after this answer.',
  })
  restorationRequestsHead(@Ctx() ctx: RequestContext): Promise<string | null> {
    // An event the feed hands over: cursors are opaque, so a page knows it has passed the head by seeing it.
    return ctx.events.latestCursor(requireTenant(ctx).tenant.id, RESTORATION_EVENTS);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether approveRestoration would accept the account now from the staff member subscribed: its payment has posted, so nothing is owed on the posted balance, even were every e-check in it that still waits on its bank to come back, and they did not take a payment onto it or credit it (SECOND_STAFF_REQUIRED). As it is now, not as it was at the event.',
  })
  async approvable(@Root() event: RestorationRequestEventType, @Ctx() ctx: RequestContext): Promise<boolean> {
    // The balance now: each event starts with the subscription's loaders emptied (freshLoadersForEachChange). An event
    // closing a request offers no approval, so who is asking is not looked up for the closed requests a replay brings.
    if (event.to !== 'RESTORATION_PENDING') return isApprovable(await ctx.loaders.get(balanceLoader).load(event.serviceAccountId));
    return (await restorationBlockFor(ctx, event.serviceAccountId)) === null;
  }

  @FieldResolver(() => RestorationBlockEnum, {
    nullable: true,
    description:
      'What the request waits for before the staff member subscribed may approve it, as it is now (SECOND_STAFF: another staff member approves it); null when approvable (or for an event closing the request).',
  })
  async blockedBy(@Root() event: RestorationRequestEventType, @Ctx() ctx: RequestContext): Promise<RestorationBlock | null> {
    return event.to === 'RESTORATION_PENDING' ? restorationBlockFor(ctx, event.serviceAccountId) : null;
  }
}
