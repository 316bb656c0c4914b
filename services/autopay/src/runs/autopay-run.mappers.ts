import { cents } from '../enrollment/autopay.mappers';
import type { AutopayOutcomeEntity } from './autopay-outcome.entity';
import type { SummarizedRun } from './autopay-run.queries';
import type { AutopayOutcomeType, AutopayRunType } from './autopay-run.types';

export function toRunType({ run, summary }: SummarizedRun): AutopayRunType {
  return {
    id: run.id,
    runDate: run.runDate,
    trigger: run.trigger,
    actor: run.actor,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    summary: { ...summary, amountCharged: cents(summary.amountChargedCents) },
  };
}

export function toOutcomeType(outcome: AutopayOutcomeEntity, accountNumber: string): AutopayOutcomeType {
  return {
    serviceAccountId: outcome.serviceAccountId,
    accountNumber,
    cycle: outcome.cycle,
    attempt: outcome.attempt,
    kind: outcome.kind,
    reason: outcome.reason,
    amount: outcome.amountCents === null ? null : cents(outcome.amountCents),
    paymentId: outcome.paymentId,
    nextAttemptOn: outcome.nextAttemptOn,
    occurredAt: outcome.occurredAt,
  };
}
