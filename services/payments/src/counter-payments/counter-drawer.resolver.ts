import { Role, requireTenant, type RequestContext } from '@platform/api';
import { DomainError, ErrorCode, isIsoDate, isUuid, localDateOf, translate, type Locale } from '@platform/core';
import { userDisplayNames } from '@platform/customers';
import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { cents, paymentStatusLabel } from '../payment/payment.mappers';
import { drawerOf, drawersOf, type Drawer, type DrawerCount, type DrawerMethod } from './counter-drawer';
import { counterPaymentsOfDay } from './counter-drawer.queries';
import { closesOfDay } from './counter-drawer-close.queries';
import { CounterDrawerType, type CounterDrawerMethodType } from './counter-drawer.types';

const DATE_DESCRIPTION = "A day of the city's calendar; today (the city's) when left out. Not before the year 100 (BAD_USER_INPUT, reason INVALID_DATE, field date).";

/** The counter's drawers at the day's close: a clerk's own, and (ADMIN) every clerk's. */
@Resolver()
export class CounterDrawerResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => CounterDrawerType, { description: "SUPPORT, ADMIN: the signed-in staff member's own counter drawer for a day: what they took, voids taken out, what they should hold." })
  async counterDrawer(@Arg('date', () => LocalDateResolver, { nullable: true, description: DATE_DESCRIPTION }) date: string | null, @Ctx() context: RequestContext): Promise<CounterDrawerType> {
    const ctx = requireTenant(context);
    const day = dayAsked(ctx.locale, date, localDateOf(ctx.clock.now(), ctx.tenant.timeZone));
    // @Authorized lets only signed-in staff here: a viewer.
    const clerkId = ctx.viewer!.userId;
    const drawer = drawerOf(day, clerkId, await counterPaymentsOfDay(ctx, day, clerkId));
    return toDrawerType(drawer, (await userDisplayNames(ctx, [clerkId])).get(clerkId) ?? null, ctx.locale);
  }

  @Authorized(Role.ADMIN)
  @Query(() => [CounterDrawerType], {
    description:
      "ADMIN: every clerk's counter drawer for a day, each clerk who took cash or a check that day, in the order each first took some, then any who closed a drawer with none (each with its close).",
  })
  async counterDrawers(@Arg('date', () => LocalDateResolver, { nullable: true, description: DATE_DESCRIPTION }) date: string | null, @Ctx() context: RequestContext): Promise<CounterDrawerType[]> {
    const ctx = requireTenant(context);
    const day = dayAsked(ctx.locale, date, localDateOf(ctx.clock.now(), ctx.tenant.timeZone));
    const closes = await closesOfDay(ctx, day, null);
    const drawers = drawersOf(
      day,
      await counterPaymentsOfDay(ctx, day, null),
      closes.map((close) => close.clerkId),
    );
    const names = await userDisplayNames(ctx, drawers.map((d) => d.clerkId).filter(isUuid));
    return drawers.map((drawer) => toDrawerType(drawer, names.get(drawer.clerkId) ?? null, ctx.locale));
  }
}

function dayAsked(locale: Locale, date: string | null | undefined, today: string): string {
  // Left out, the argument is undefined; given as null, null.
  if (date == null) return today;
  // LocalDate takes years 0000-0099, which the platform's calendar does not (as paymentTotals).
  if (!isIsoDate(date)) throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(locale, 'payments.totalsDateInvalid'), { reason: 'INVALID_DATE', field: 'date' });
  return date;
}

const counted = (count: DrawerCount) => ({ count: count.count, amount: cents(count.cents) });
const methodType = (part: DrawerMethod): CounterDrawerMethodType => ({ taken: counted(part.taken), voided: counted(part.voided), inDrawer: cents(part.inDrawerCents) });

function toDrawerType(drawer: Drawer, clerkName: string | null, locale: Locale): CounterDrawerType {
  return {
    date: drawer.date,
    clerkId: drawer.clerkId,
    clerkName,
    cash: methodType(drawer.cash),
    checks: methodType(drawer.checks),
    cashReceived: cents(drawer.cashReceivedCents),
    changeGiven: cents(drawer.changeGivenCents),
    total: cents(drawer.totalCents),
    checkNumbers: [...drawer.checkNumbers],
    payments: drawer.payments.map((p) => ({
      id: p.id,
      confirmationNumber: p.confirmationNumber,
      methodKind: p.methodKind,
      checkNumber: p.checkNumber,
      amount: cents(p.totalCents),
      cashReceived: p.cashReceivedCents === null ? null : cents(p.cashReceivedCents),
      changeGiven: p.cashReceivedCents === null ? null : cents(p.cashReceivedCents - p.totalCents),
      status: p.status,
      statusLabel: paymentStatusLabel(p.status, locale),
      receivedBy: p.receivedBy,
      madeAt: p.madeAt,
    })),
  };
}
