import type { IsoDate } from '@platform/core';
import type { Drawer } from './counter-drawer';

/** A clerk's drawer as closed: what it should have held, what they counted, and why the two differ. Cents throughout. */
export interface DrawerClose {
  readonly id: string;
  readonly clerkId: string;
  readonly date: IsoDate;
  readonly idempotencyKey: string;
  readonly expectedCashCents: bigint;
  readonly expectedChecksCount: number;
  readonly expectedChecksCents: bigint;
  readonly countedCashCents: bigint;
  readonly countedChecksCount: number;
  readonly countedChecksCents: bigint;
  /** Counted less expected, cash and checks together: negative when short. */
  readonly overShortCents: bigint;
  readonly reason: string | null;
  readonly closedAt: Date;
  /** Set once the city's ADMIN reopened the drawer after this close (reopenCounterDrawer): the close stays as counted. */
  readonly reopening: DrawerReopening | null;
}

/** Who reopened a closed drawer (a user id), when, why, and under which key. */
export interface DrawerReopening {
  readonly reopenedAt: Date;
  readonly reopenedBy: string;
  readonly reason: string;
  readonly idempotencyKey: string;
}

export interface DrawerCount {
  readonly cashCents: bigint;
  readonly checksCount: number;
  readonly checksCents: bigint;
}

/** What a drawer should hold at its close: its cash, and its standing checks (their numbers are what the clerk ticks off). */
export function expectedIn(drawer: Drawer): DrawerCount {
  return { cashCents: drawer.cash.inDrawerCents, checksCount: drawer.checkNumbers.length, checksCents: drawer.checks.inDrawerCents };
}

/** Counted less expected, both methods together (negative: short), and whether anything is off, a check's count too. */
export function differenceOf(expected: DrawerCount, counted: DrawerCount): { readonly overShortCents: bigint; readonly off: boolean } {
  const overShortCents = counted.cashCents + counted.checksCents - expected.cashCents - expected.checksCents;
  const off = counted.cashCents !== expected.cashCents || counted.checksCount !== expected.checksCount || counted.checksCents !== expected.checksCents;
  return { overShortCents, off };
}
