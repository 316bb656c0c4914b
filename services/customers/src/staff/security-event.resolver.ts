import { Role, type RequestContext } from '@platform/api';
import { isUuid } from '@platform/core';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { SecurityEventType } from '../customer.types';
import { userByIdLoader } from '../users/user.loaders';

/** What the audit log says about the people in an event (who acted, whom it was about), beyond their raw ids. */
@Resolver(() => SecurityEventType)
export class SecurityEventResolver {
  @Authorized(Role.ADMIN)
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The actor as a person reads it when it is one of the city\'s users (their name, else username or email); null for "platform-operator", "anonymous" or a user since removed.',
  })
  actorName(@Root() event: SecurityEventType, @Ctx() ctx: RequestContext): Promise<string | null> {
    // The actor column also holds words ("anonymous"), which are no user id to look up.
    return isUuid(event.actor) ? userName(ctx, event.actor) : Promise.resolve(null);
  }

  @Authorized(Role.ADMIN)
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The user the event is about (userId) as a person reads it: whose role was changed, whose access removed (their name, else username or email); null when it names no user, or one since removed.',
  })
  subjectName(@Root() event: SecurityEventType, @Ctx() ctx: RequestContext): Promise<string | null> {
    return event.userId ? userName(ctx, event.userId) : Promise.resolve(null);
  }
}

/** A user of the request's city by name, else username or email; null when there is no such user. */
async function userName(ctx: RequestContext, userId: string): Promise<string | null> {
  const user = await ctx.loaders.get(userByIdLoader).load(userId);
  return user ? (user.fullName ?? user.username ?? user.email) : null;
}
