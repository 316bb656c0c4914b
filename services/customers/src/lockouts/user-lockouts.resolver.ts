import { ClearLockoutsPayloadType, LockoutType, Role, requireTenant, toLockoutType, toUserErrorTypes, UUIDScalar, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Field, FieldResolver, InputType, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toUserType } from '../customer.mappers';
import { UserType } from '../customer.types';
import { clearUserLockouts, userBySignInName, userLockouts } from './user-lockouts.service';

@InputType('ClearUserLockoutsInput')
export class ClearUserLockoutsInput {
  @Field(() => UUIDScalar, { description: 'User.id, as staff read it (an account’s linkedUsers, the staff list).' }) userId: string;
  @Field({ description: 'Why, for the audit log (the resident called and proved who they are, say): required, at most 500 characters, never a card number.' })
  reason: string;
}

/** `User.lockouts` and clearing them: sign-in, reset, email-change and link limits are this service's. */
@Resolver(() => UserType)
export class UserLockoutsResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => UserType, {
    nullable: true,
    description:
      'Staff: the person (resident or staff) who signs in, or asks for a password reset, with this email or username (as they would type it: case and spaces aside), to read their lockouts for them when they call; null when nobody of this city has it.',
  })
  async userBySignIn(@Arg('identifier') identifier: string, @Ctx() ctx: RequestContext): Promise<UserType | null> {
    const user = await userBySignInName(requireTenant(ctx), identifier);
    return user ? toUserType(user) : null;
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @FieldResolver(() => [LockoutType], {
    description:
      'Staff: the limits counting against this person, whose windows are not over: wrong passwords on their sign-in name (SIGN_IN_FAILURES), reset emails (PASSWORD_RESET_REQUESTS), email changes (EMAIL_CHANGES), accounts linked today (ACCOUNT_LINKS). lockedOut says whether the next attempt is refused; liftsAt when it ends. An address’s own limits are not listed.',
  })
  async lockouts(@Root() user: UserType, @Ctx() ctx: RequestContext): Promise<LockoutType[]> {
    return (await userLockouts(requireTenant(ctx), user.id)).map((standing) => toLockoutType(standing, ctx.locale));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ClearLockoutsPayloadType, {
    description:
      "ADMIN: clears a person's lockouts (User.lockouts) once they proved who they are, with a reason (REQUIRED), in the audit log (LOCKOUT_CLEARED: who, when, why, about whom, the limits cleared). Answers what was cleared; clearing again clears nothing and logs nothing. USER_NOT_FOUND: no such user in this city.",
  })
  async clearUserLockouts(@Arg('input', () => ClearUserLockoutsInput) input: ClearUserLockoutsInput, @Ctx() ctx: RequestContext): Promise<ClearLockoutsPayloadType> {
    const result = await clearUserLockouts(requireTenant(ctx), input);
    return result.ok ? { cleared: result.value.map((standing) => toLockoutType(standing, ctx.locale)), userErrors: [] } : { cleared: null, userErrors: toUserErrorTypes(result.userErrors) };
  }
}
