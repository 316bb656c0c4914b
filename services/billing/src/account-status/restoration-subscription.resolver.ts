import { Role, closeWhenTooSlow, endWhenSessionExpires, eventCursorAfter, requireTenant, type PlatformEvent, type RequestContext } from '@platform/api';
import { Arg, Authorized, Field, ID, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { AccountStatusChanged } from './account-status.events';
import { AccountStatusEnum } from '../billing.enums';
import type { AccountStatus } from './account-status.state';

@ObjectType('RestorationRequestEvent', { description: 'A restoration request opened (paid in full) or closed (approved, or its payment came back).' })
export class RestorationRequestEventType {
  @Field({ description: 'Pass as `after` to resume from here.' }) cursor: string;
  @Field() occurredAt: Date;
  @Field(() => ID) serviceAccountId: string;
  @Field() accountNumber: string;
  @Field(() => AccountStatusEnum, { nullable: true }) from: AccountStatus | null;
  @Field(() => AccountStatusEnum) to: AccountStatus;
  @Field() reason: string;
}

/** Only the changes into or out of RESTORATION_PENDING. */
const isRestorationChange = (event: PlatformEvent) => {
  const { from, to } = AccountStatusChanged.read(event);
  return from === 'RESTORATION_PENDING' || to === 'RESTORATION_PENDING';
};

/** Staff watch restoration requests arrive (and leave) live. */
@Resolver(() => RestorationRequestEventType)
export class RestorationSubscriptionResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Subscription(() => RestorationRequestEventType, {
    description: 'Staff: restoration requests as they open and close; with `after`, what was missed first.',
    subscribe: ({ args, context }) => {
      const ctx = context as RequestContext;
      const { after } = args as { after?: string | null };
      const events = ctx.events.follow(requireTenant(ctx).tenant.id, {
        after: eventCursorAfter(after, ctx.locale),
        typePrefixes: [AccountStatusChanged.typePrefix],
        accept: isRestorationChange,
        onOverflow: closeWhenTooSlow(ctx.connection),
      });
      return endWhenSessionExpires(ctx, events);
    },
  })
  restorationRequests(@Root() event: PlatformEvent, @Arg('after', () => String, { nullable: true }) _after: string | null): RestorationRequestEventType {
    const { serviceAccountId, accountNumber, from, to, reason } = AccountStatusChanged.read(event);
    return { cursor: event.cursor, occurredAt: new Date(event.occurredAt), serviceAccountId, accountNumber, from, to, reason };
  }
}
