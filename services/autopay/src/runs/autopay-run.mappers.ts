import { cents } from '../enrollment/autopay.mappers';
import type { NumberedOutcome, SummarizedRun } from './autopay-run.queries';
import type { AutopayOutcomeType, AutopayRunType } from './autopay-run.types';

export function toRunType({ run, summary }: SummarizedRun): AutopayRunType {
  return {
    id: run.id,
    runDate: run.runDate,
    trigger: run.trigger,
    actor: run.actor,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    summary: { ...summary, amountCharged: cents(summary.amountChargedCents), totalCharged: cents(summary.totalChargedCents) },
  };
}

export function toOutcomeType({ outcome, accountNumber, feeCents }: NumberedOutcome): AutopayOutcomeType {
  return {
    serviceAccountId: outcome.serviceAccountId,
    accountNumber,
    cycle: outcome.cycle,
    attempt: outcome.attempt,
    kind: outcome.kind,
    reason: outcome.reason,
    amount: outcome.amountCents === null ? null : cents(outcome.amountCents),
    fee: outcome.amountCents === null || feeCents === null ? null : cents(feeCents),
    total: outcome.amountCents === null || feeCents === null ? null : cents(outcome.amountCents + feeCents),
    paymentId: outcome.paymentId,
    nextAttemptOn: outcome.nextAttemptOn,
    occurredAt: outcome.occurredAt,
  };
}
