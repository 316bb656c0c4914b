import { MoneyType } from '@platform/api';
import { money } from '@platform/core';
import type { MethodTotals, MoveTotal, PeriodTotals } from './payment-totals';
import type { MoneyMoveTotalType, PaymentMethodTotalsType, PaymentTotalsType } from './payment-totals.types';

const moveTotal = (total: MoveTotal): MoneyMoveTotalType => ({ count: total.count, amount: new MoneyType(money(total.cents)) });

const methodTotals = (totals: MethodTotals): PaymentMethodTotalsType => ({
  methodKind: totals.methodKind,
  received: moveTotal(totals.received),
  fees: new MoneyType(money(totals.feeCents)),
  refunded: moveTotal(totals.refunded),
  voided: moveTotal(totals.voided),
  returned: moveTotal(totals.returned),
  disputed: moveTotal(totals.disputed),
  disputesWon: moveTotal(totals.disputesWon),
  net: new MoneyType(money(totals.netCents)),
});

export const toPaymentTotalsType = (from: string, to: string, totals: PeriodTotals): PaymentTotalsType => ({
  from,
  to,
  days: totals.days.map((day) => ({ date: day.date, methods: day.methods.map(methodTotals), net: new MoneyType(money(day.netCents)) })),
  methods: totals.methods.map(methodTotals),
  net: new MoneyType(money(totals.netCents)),
});
