import { requireTenant, Role, type RequestContext } from '@platform/api';
import { isUuid } from '@platform/core';
import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { SecurityEventType } from '../customer.types';
import { userByIdLoader } from '../users/user.loaders';
import { currentTenant, signInIdentifierOf } from '../users/user.queries';

/**
 * What the audit log says about the people in an event (who acted, whom it was about), beyond their raw ids. A name is
 * whatever its holder typed, and two people may share one (a resident may go by the ADMIN's), so each comes with how the
 * person signs in, which is theirs alone: the log must never read one person's actions as another's.
 */
@Resolver(() => SecurityEventType)
export class SecurityEventResolver {
  @Authorized(Role.ADMIN)
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The actor as a person reads it when it is one of the city\'s users (their name, else username or email), as it is now; null for "platform-operator", "anonymous" or another word, or a user since removed. Names are not unique: read it with actorSignIn.',
  })
  actorName(@Root() event: SecurityEventType, @Ctx() ctx: RequestContext): Promise<string | null> {
    // The actor column also holds words ("anonymous"), which are no user id to look up.
    return isUuid(event.actor) ? userName(ctx, event.actor) : Promise.resolve(null);
  }

  @Authorized(Role.ADMIN)
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'How the acting user signs in, as it is now: their username where the city signs in by username (their email if they have none), else their email. No other user of the city has it, so it tells apart two people of one name (actorName). Null where actorName is, or for a user with no such identifier.',
  })
  actorSignIn(@Root() event: SecurityEventType, @Ctx() ctx: RequestContext): Promise<string | null> {
    return isUuid(event.actor) ? userSignIn(ctx, event.actor) : Promise.resolve(null);
  }

  @Authorized(Role.ADMIN)
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The user the event is about (userId) as a person reads it: whose role was changed, whose access removed (their name, else username or email); null when it names no user, or one since removed. Read it with subjectSignIn.',
  })
  subjectName(@Root() event: SecurityEventType, @Ctx() ctx: RequestContext): Promise<string | null> {
    return event.userId ? userName(ctx, event.userId) : Promise.resolve(null);
  }

  @Authorized(Role.ADMIN)
  @FieldResolver(() => String, {
    nullable: true,
    description: 'How the user the event is about signs in, as actorSignIn says it of the actor; null where subjectName is, or for a user with no such identifier.',
  })
  subjectSignIn(@Root() event: SecurityEventType, @Ctx() ctx: RequestContext): Promise<string | null> {
    return event.userId ? userSignIn(ctx, event.userId) : Promise.resolve(null);
  }
}

/** A user of the request's city by name, else username or email; null when there is no such user. */
async function userName(ctx: RequestContext, userId: string): Promise<string | null> {
  const user = await ctx.loaders.get(userByIdLoader).load(userId);
  return user ? (user.fullName ?? user.username ?? user.email) : null;
}

/** What a user of the request's city signs in with (signInIdentifierOf); null when there is no such user. */
async function userSignIn(ctx: RequestContext, userId: string): Promise<string | null> {
  const user = await ctx.loaders.get(userByIdLoader).load(userId);
  return user ? signInIdentifierOf(await currentTenant(requireTenant(ctx)), user) : null;
}
