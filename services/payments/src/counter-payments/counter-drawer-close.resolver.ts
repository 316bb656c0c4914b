import { Role, UserErrorType, requireTenant, toUserErrorTypes, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { cents } from '../payment/payment.mappers';
import type { DrawerClose } from './counter-drawer-close';
import { CloseCounterDrawerInput } from './counter-drawer-close.inputs';
import { closesOfDay } from './counter-drawer-close.queries';
import { closeCounterDrawer } from './counter-drawer-close.service';
import { ReopenCounterDrawerInput } from './counter-drawer-reopen.inputs';
import { reopenCounterDrawer } from './counter-drawer-reopen.service';
import { CounterDrawerCloseType } from './counter-drawer-close.types';
import { CounterDrawerType } from './counter-drawer.types';

@ObjectType('CloseCounterDrawerPayload', { description: 'The drawer as closed, or why it was not.' })
export class CloseCounterDrawerPayloadType {
  @Field(() => CounterDrawerCloseType, { nullable: true }) close: CounterDrawerCloseType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

/** A clerk closes their counter drawer at the end of the day, the city's ADMIN may reopen it; a drawer shows its close. */
@Resolver(() => CounterDrawerType)
export class CounterDrawerCloseResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Mutation(() => CloseCounterDrawerPayloadType, {
    description:
      "SUPPORT, ADMIN: closes the signed-in staff member's own counter drawer for a day (today when date is left out; never a day to come: INVALID_DATE), with what they counted. Kept beside what the drawer should hold (counterDrawer), with the over or short; a count off in anything needs a reason (REQUIRED). Once per clerk per day (DRAWER_CLOSED); after it, that clerk's counter payments that day are refused DRAWER_CLOSED, as are voids of payments in the drawer. Audited (COUNTER_DRAWER_CLOSED). Idempotent by idempotencyKey.",
  })
  async closeCounterDrawer(@Arg('input', () => CloseCounterDrawerInput) input: CloseCounterDrawerInput, @Ctx() ctx: RequestContext): Promise<CloseCounterDrawerPayloadType> {
    const result = await closeCounterDrawer(requireTenant(ctx), input);
    return result.ok ? { close: toCloseType(result.value), userErrors: [] } : { close: null, userErrors: toUserErrorTypes(result.userErrors) };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CloseCounterDrawerPayloadType, {
    description:
      "ADMIN: opens a clerk's closed counter drawer again (a miscount, a payment to void before the deposit), with a reason (REQUIRED). The close is kept as counted, with reopenedAt, reopenedBy and reopenReason; the drawer takes the clerk's payments and voids again until they close it anew. Never the ADMIN's own drawer (SECOND_STAFF_REQUIRED); DRAWER_OPEN when it is not closed. Audited (COUNTER_DRAWER_REOPENED). Idempotent by idempotencyKey.",
  })
  async reopenCounterDrawer(@Arg('input', () => ReopenCounterDrawerInput) input: ReopenCounterDrawerInput, @Ctx() ctx: RequestContext): Promise<CloseCounterDrawerPayloadType> {
    const result = await reopenCounterDrawer(requireTenant(ctx), input);
    return result.ok ? { close: toCloseType(result.value), userErrors: [] } : { close: null, userErrors: toUserErrorTypes(result.userErrors) };
  }

  // Whoever may read the drawer (its clerk; the ADMIN, every clerk's) reads its close.
  @FieldResolver(() => CounterDrawerCloseType, { nullable: true, description: 'The drawer as its clerk closed it that day; null while it is open (never closed, or reopened since).' })
  async close(@Root() drawer: CounterDrawerType, @Ctx() ctx: RequestContext): Promise<CounterDrawerCloseType | null> {
    const closes = await closesOfDay(requireTenant(ctx), drawer.date, drawer.clerkId);
    const standing = closes.find((close) => close.reopening === null);
    return standing ? toCloseType(standing) : null;
  }

  @FieldResolver(() => [CounterDrawerCloseType], { description: "Every close of the drawer that day in the order closed, those the city's ADMIN reopened too." })
  async closes(@Root() drawer: CounterDrawerType, @Ctx() ctx: RequestContext): Promise<CounterDrawerCloseType[]> {
    return (await closesOfDay(requireTenant(ctx), drawer.date, drawer.clerkId)).map(toCloseType);
  }
}

function toCloseType(close: DrawerClose): CounterDrawerCloseType {
  return {
    id: close.id,
    date: close.date,
    clerkId: close.clerkId,
    expectedCash: cents(close.expectedCashCents),
    expectedChecksCount: close.expectedChecksCount,
    expectedChecks: cents(close.expectedChecksCents),
    countedCash: cents(close.countedCashCents),
    countedChecksCount: close.countedChecksCount,
    countedChecks: cents(close.countedChecksCents),
    overShort: cents(close.overShortCents),
    reason: close.reason,
    closedAt: close.closedAt,
    reopenedAt: close.reopening?.reopenedAt ?? null,
    reopenedBy: close.reopening?.reopenedBy ?? null,
    reopenReason: close.reopening?.reason ?? null,
  };
}
