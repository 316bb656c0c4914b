import { ClearLockoutsPayloadType, LockoutType, Role, requireTenant, toLockoutType, toUserErrorTypes, UUIDScalar, type RequestContext } from '@platform/api';
import { ServiceAccountType } from '@platform/billing';
import { Arg, Authorized, Ctx, Field, FieldResolver, InputType, Mutation, Resolver, Root } from 'type-graphql';
import { accountLockouts, clearAccountLockouts } from './account-lockouts.service';

@InputType('ClearAccountLockoutsInput')
export class ClearAccountLockoutsInput {
  @Field(() => UUIDScalar, { description: 'ServiceAccount.id, as staff read it.' }) serviceAccountId: string;
  @Field({ description: 'Why, for the audit log (the resident called and proved who they are, say): required, at most 500 characters, never a card number.' })
  reason: string;
}

/** `ServiceAccount.lockouts` and clearing them: the decline backstop is this service's, and it reads billing's second-factor limits. */
@Resolver(() => ServiceAccountType)
export class AccountLockoutsResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @FieldResolver(() => [LockoutType], {
    description:
      "Staff: the limits counting against this account for everyone, whose windows are not over: wrong second factors (SECOND_FACTOR_LOCKOUT, a quarter-hour's and a day's) and declines from anyone (ACCOUNT_DECLINE_LIMIT). lockedOut says whether guests (and callers) are refused now; liftsAt when it ends. An address's, a card's or a caller's own limits are not listed: they are not the account's.",
  })
  async lockouts(@Root() account: ServiceAccountType, @Ctx() ctx: RequestContext): Promise<LockoutType[]> {
    return (await accountLockouts(requireTenant(ctx), account)).map((standing) => toLockoutType(standing, ctx.locale));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ClearLockoutsPayloadType, {
    description:
      "ADMIN: clears an account's lockouts (ServiceAccount.lockouts) for a resident who proved who they are, with a reason (REQUIRED), in the audit log (LOCKOUT_CLEARED: who, when, why, the account, the limits cleared). Answers what was cleared; clearing again clears nothing and logs nothing. ACCOUNT_NOT_FOUND: no such account in this city.",
  })
  async clearAccountLockouts(@Arg('input', () => ClearAccountLockoutsInput) input: ClearAccountLockoutsInput, @Ctx() ctx: RequestContext): Promise<ClearLockoutsPayloadType> {
    const result = await clearAccountLockouts(requireTenant(ctx), input);
    return result.ok ? { cleared: result.value.map((standing) => toLockoutType(standing, ctx.locale)), userErrors: [] } : { cleared: null, userErrors: toUserErrorTypes(result.userErrors) };
  }
}
