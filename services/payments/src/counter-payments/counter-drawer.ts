import type { CounterMethod, IsoDate } from '@platform/core';
import type { PaymentStatus } from '../payment/payment.state';

/**
 * A clerk's counter drawer for one day of the city's calendar: what they should hold at the close. Cents throughout.
 *
 * A payment is in the drawer of the staff member signed in when it was recorded (its first transition's actor), not
 * of the name typed as who received it: that is free text, and a drawer must not be balanced against someone else's
 * cash. Voids come out of the drawer of the clerk who took the money, whoever voided it (a counter payment is voided
 * only on its day, so a void of a day's payment is always that day's). The cash handed over and the change given are
 * summed over the payments still standing, where the clerk gave them: a voided one's money went back whole.
 */
export interface DrawerPayment {
  readonly id: string;
  readonly confirmationNumber: string;
  readonly methodKind: CounterMethod;
  readonly checkNumber: string | null;
  readonly totalCents: bigint;
  readonly cashReceivedCents: bigint | null;
  readonly status: PaymentStatus;
  readonly receivedBy: string;
  readonly madeAt: Date;
  /** Who was signed in when it was recorded: the drawer's clerk. */
  readonly clerkId: string;
}

export interface DrawerCount {
  readonly count: number;
  readonly cents: bigint;
}

/** One method's part of the drawer: everything taken, the voids taken out, and what is left to count (taken - voided). */
export interface DrawerMethod {
  readonly taken: DrawerCount;
  readonly voided: DrawerCount;
  readonly inDrawerCents: bigint;
}

export interface Drawer {
  readonly date: IsoDate;
  readonly clerkId: string;
  readonly cash: DrawerMethod;
  readonly checks: DrawerMethod;
  /** Over standing cash payments whose cash handed over was given. */
  readonly cashReceivedCents: bigint;
  readonly changeGivenCents: bigint;
  /** Cash and checks in the drawer. */
  readonly totalCents: bigint;
  /** The standing checks' numbers, as printed, in the order taken. */
  readonly checkNumbers: readonly string[];
  /** Every payment the clerk took that day, voided ones too, in the order taken. */
  readonly payments: readonly DrawerPayment[];
}

const NONE: DrawerCount = { count: 0, cents: 0n };
const add = (sum: DrawerCount, p: DrawerPayment): DrawerCount => ({ count: sum.count + 1, cents: sum.cents + p.totalCents });

function methodPart(payments: readonly DrawerPayment[], kind: CounterMethod): DrawerMethod {
  const ofKind = payments.filter((p) => p.methodKind === kind);
  const taken = ofKind.reduce(add, NONE);
  const voided = ofKind.filter((p) => p.status === 'VOIDED').reduce(add, NONE);
  return { taken, voided, inDrawerCents: taken.cents - voided.cents };
}

/** One clerk's drawer from their payments of the day (in the order taken); with none, every figure zero. */
export function drawerOf(date: IsoDate, clerkId: string, payments: readonly DrawerPayment[]): Drawer {
  const mine = payments.filter((p) => p.clerkId === clerkId);
  const standing = mine.filter((p) => p.status !== 'VOIDED');
  const counted = standing.filter((p) => p.methodKind === 'CASH' && p.cashReceivedCents !== null);
  const cashReceivedCents = counted.reduce((sum, p) => sum + p.cashReceivedCents!, 0n);
  const cash = methodPart(mine, 'CASH');
  const checks = methodPart(mine, 'CHECK');
  return {
    date,
    clerkId,
    cash,
    checks,
    cashReceivedCents,
    changeGivenCents: cashReceivedCents - counted.reduce((sum, p) => sum + p.totalCents, 0n),
    totalCents: cash.inDrawerCents + checks.inDrawerCents,
    checkNumbers: standing.flatMap((p) => (p.methodKind === 'CHECK' && p.checkNumber !== null ? [p.checkNumber] : [])),
    payments: mine,
  };
}

/** Every clerk's drawer who took money that day, in the order each first took some; then those of `closedBy` who took none (a drawer closed empty). */
export function drawersOf(date: IsoDate, payments: readonly DrawerPayment[], closedBy: readonly string[] = []): Drawer[] {
  return [...new Set([...payments.map((p) => p.clerkId), ...closedBy])].map((clerkId) => drawerOf(date, clerkId, payments));
}
