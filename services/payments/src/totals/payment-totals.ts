import { RECORDED_METHOD_KINDS, type IsoDate, type RecordedMethodKind } from '@platform/core';

/**
 * How money moved, each on the day it moved (the city's calendar): RECEIVED when a payment's money came in (a card
 * charged, an e-check accepted, cash or a check taken at the counter), REFUNDED when a refund succeeded, VOIDED and
 * RETURNED when a payment was voided or came back from the payer's bank, DISPUTED when a card holder's bank took money
 * back in a dispute and DISPUTE_WON when the city won it back. Each dated when it happened (money received:
 * when the processor was asked), never by a payment's status now, so a refund or return days later is its own day's:
 * what a billing office checks its deposits against.
 */
const MONEY_MOVES = ['RECEIVED', 'REFUNDED', 'VOIDED', 'RETURNED', 'DISPUTED', 'DISPUTE_WON'] as const;
export type MoneyMove = (typeof MONEY_MOVES)[number];

/** One day's moves of one kind by one method, as the database sums them. Cents: what the payer's card or bank moved. */
export interface MoveSum {
  readonly day: IsoDate;
  readonly methodKind: RecordedMethodKind;
  readonly move: MoneyMove;
  readonly count: number;
  readonly cents: bigint;
  /** RECEIVED only: the convenience fees within `cents`. */
  readonly feeCents: bigint;
}

export interface MoveTotal {
  readonly count: number;
  readonly cents: bigint;
}

/** What one method brought in and gave back. `netCents` = received - refunded - voided - returned - disputed + disputesWon (may be negative). */
export interface MethodTotals {
  readonly methodKind: RecordedMethodKind;
  readonly received: MoveTotal;
  readonly feeCents: bigint;
  readonly refunded: MoveTotal;
  readonly voided: MoveTotal;
  readonly returned: MoveTotal;
  /** Taken back by card holders' banks in disputes, each on the day it opened (the disputed amount). */
  readonly disputed: MoveTotal;
  /** Disputes the city won: the money back, on the day each was decided. */
  readonly disputesWon: MoveTotal;
  readonly netCents: bigint;
}

interface DayTotals {
  readonly date: IsoDate;
  /** Only the methods that moved money that day, in the platform's order of methods. */
  readonly methods: readonly MethodTotals[];
  readonly netCents: bigint;
}

export interface PeriodTotals {
  /** Only the days something moved, oldest first. */
  readonly days: readonly DayTotals[];
  /** The whole period by method. */
  readonly methods: readonly MethodTotals[];
  readonly netCents: bigint;
}

const NONE: MoveTotal = { count: 0, cents: 0n };

/** Adds up the database's sums per day and method, and for the whole period. */
export function periodTotals(sums: readonly MoveSum[]): PeriodTotals {
  const days = [...new Set(sums.map((sum) => sum.day))].sort();
  const byDay = days.map((date) => {
    const methods = methodTotals(sums.filter((sum) => sum.day === date));
    return { date, methods, netCents: netOf(methods) };
  });
  const methods = methodTotals(sums);
  return { days: byDay, methods, netCents: netOf(methods) };
}

function methodTotals(sums: readonly MoveSum[]): MethodTotals[] {
  return RECORDED_METHOD_KINDS.flatMap((methodKind) => {
    const ofMethod = sums.filter((sum) => sum.methodKind === methodKind);
    if (ofMethod.length === 0) return [];
    const total = (move: MoneyMove): MoveTotal => ofMethod.filter((sum) => sum.move === move).reduce((acc, sum) => ({ count: acc.count + sum.count, cents: acc.cents + sum.cents }), NONE);
    const [received, refunded, voided, returned, disputed, disputesWon] = MONEY_MOVES.map(total) as [MoveTotal, MoveTotal, MoveTotal, MoveTotal, MoveTotal, MoveTotal];
    const feeCents = ofMethod.filter((sum) => sum.move === 'RECEIVED').reduce((acc, sum) => acc + sum.feeCents, 0n);
    const netCents = received.cents - refunded.cents - voided.cents - returned.cents - disputed.cents + disputesWon.cents;
    return [{ methodKind, received, feeCents, refunded, voided, returned, disputed, disputesWon, netCents }];
  });
}

const netOf = (methods: readonly MethodTotals[]): bigint => methods.reduce((acc, method) => acc + method.netCents, 0n);
