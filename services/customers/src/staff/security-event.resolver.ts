import { Role, type RequestContext } from '@platform/api';
import { isUuid } from '@platform/core';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { SecurityEventType } from '../customer.types';
import { userByIdLoader } from '../users/user.loaders';

/** What the audit log says about who acted, beyond the raw actor id. */
@Resolver(() => SecurityEventType)
export class SecurityEventResolver {
  @Authorized(Role.ADMIN)
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The actor as a person reads it when it is one of the city\'s users (their name, else username or email); null for "platform-operator", "anonymous" or a user since removed.',
  })
  async actorName(@Root() event: SecurityEventType, @Ctx() ctx: RequestContext): Promise<string | null> {
    // The actor column also holds words ("anonymous"), which are no user id to look up.
    if (!isUuid(event.actor)) return null;
    const user = await ctx.loaders.get(userByIdLoader).load(event.actor);
    return user ? (user.fullName ?? user.username ?? user.email) : null;
  }
}
