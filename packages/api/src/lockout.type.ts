import { RATE_LIMIT_REASONS, RATE_LIMIT_REASON_MESSAGES, translate, type Locale, type RateLimitReason } from '@platform/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserErrorType } from './user-error.type';

export const RateLimitReasonEnum = Object.fromEntries(RATE_LIMIT_REASONS.map((r) => [r, r])) as { [K in RateLimitReason]: K };

registerEnumType(RateLimitReasonEnum, {
  name: 'RateLimitReason',
  description:
    'Why a request was refused RATE_LIMITED, as its extensions.reason says (beside extensions.retryAfterSeconds), and why staff see a resident or an account locked out: one vocabulary for every limit, so a client can act on it (offer a password reset after SIGN_IN_FAILURES, a sign-in after ACCOUNT_DECLINE_LIMIT, the city’s phone after SECOND_FACTOR_LOCKOUT).',
});

@ObjectType('Lockout', { description: 'Staff: one limit counting against a resident or an account: why, how many attempts its window holds, and when it lifts.' })
export class LockoutType {
  @Field(() => RateLimitReasonEnum) reason: RateLimitReason;
  @Field({ description: "The reason as a person reads it, in the request's language." }) description: string;
  @Field(() => Int, { description: 'Attempts counted in the current window.' }) attempts: number;
  @Field(() => Int, { description: 'Attempts the window takes before it refuses.' }) limit: number;
  @Field({ description: 'Whether the next attempt is refused (attempts reached limit) until liftsAt.' }) lockedOut: boolean;
  @Field({ description: 'When the window ends and its count starts again from nothing.' }) liftsAt: Date;
}

/** A limit's standing as staff read it (LimitStanding of @platform/auth, whose package this one may not import). */
export function toLockoutType(
  standing: { readonly rule: { readonly reason: RateLimitReason; readonly limit: number }; readonly attempts: number; readonly spent: boolean; readonly windowEndsAt: Date },
  locale: Locale,
): LockoutType {
  return {
    reason: standing.rule.reason,
    description: translate(locale, RATE_LIMIT_REASON_MESSAGES[standing.rule.reason]),
    attempts: standing.attempts,
    limit: standing.rule.limit,
    lockedOut: standing.spent,
    liftsAt: standing.windowEndsAt,
  };
}

@ObjectType('ClearLockoutsPayload', { description: 'The lockouts cleared (each as it stood), or why nothing was cleared.' })
export class ClearLockoutsPayloadType {
  // Nullable, as every payload field beside userErrors: a refusal at the edge (text no person types) answers userErrors alone.
  @Field(() => [LockoutType], { nullable: true, description: 'What was cleared, each as it stood; null when refused.' }) cleared: LockoutType[] | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}
