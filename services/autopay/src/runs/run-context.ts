import { randomUUID } from 'node:crypto';
import type { IsoDate } from '@platform/core';
import { withTenant } from '@platform/db';
import type { TenantSettings } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { AutopayRunEntity, type RunTrigger } from './autopay-run.entity';
import type { AutopayScope } from '../autopay-scope';
import type { AutopaySettings } from '../autopay-settings';

/** What a run is asked to do, and by whom. */
export interface RunRequest {
  /** The city date to run for; the scheduled run passes today. */
  readonly date: IsoDate;
  /** The city's date now (a catch-up run's `date` is earlier). */
  readonly today: IsoDate;
  readonly trigger: RunTrigger;
  /** A staff user id, "cli" or "system". */
  readonly actor: string;
  /** Throws when whoever asked for the run no longer may (refuseUnlessStillSignedIn): run in the run row's transaction, after its insert. */
  readonly recheckSender?: (manager: EntityManager) => Promise<void>;
}

/** What every step of one run shares. */
export interface RunContext {
  readonly scope: AutopayScope;
  readonly settings: AutopaySettings;
  readonly rules: TenantSettings['autopayRules'];
  /**
   * The city's convenience fee, which a charge adds to what is due, read once
   * as the run starts: each charge is decided on it (against the maximum) and
   * made with the fee so decided, so a change of the city's fee mid-run can
   * never charge more than was decided.
   */
  readonly convenienceFee: TenantSettings['paymentRules']['convenienceFee'];
  /** The most the city takes in one payment, in cents, the fee aside. */
  readonly paymentLimitCents: bigint;
  /** The city date the run is for. */
  readonly date: IsoDate;
  /**
   * The city's date as the run starts: the day its attempts are made, which
   * retries count from. A catch-up run for an earlier date (after an outage)
   * makes them today, so a retry is never scheduled on a day already gone.
   */
  readonly today: IsoDate;
  /** Accounts this run has claimed a charge for: one per account per run (see claimAttempts). */
  readonly accountsCharged: Set<string>;
  /** Aborted when the process is stopping: the run claims and sends nothing more, records what it sent, and is left unfinished. */
  readonly stopping: AbortSignal | undefined;
  /** The run's row, committed on first use, so a pass with nothing to do leaves no trace. */
  runId(): Promise<string>;
  /** Marks the run finished; null when it never needed a row. Called only once every outcome of the run is committed: a finished run's outcomes are listed without waiting (outcomesOfRuns). */
  finish(): Promise<AutopayRunEntity | null>;
  /** The run's row as it is, not finished (a run stopped part-way); null when it never needed one. */
  unfinished(): Promise<AutopayRunEntity | null>;
}

export function startRunContext(
  scope: AutopayScope,
  settings: AutopaySettings,
  rules: TenantSettings['autopayRules'],
  paymentRules: TenantSettings['paymentRules'],
  request: RunRequest,
  stopping?: AbortSignal,
): RunContext {
  let created: Promise<AutopayRunEntity> | null = null;
  const row = () =>
    (created ??= withTenant(scope, async (manager) => {
      const run = Object.assign(new AutopayRunEntity(), {
        tenantId: scope.tenant.id,
        id: randomUUID(),
        runDate: request.date,
        trigger: request.trigger,
        actor: request.actor,
        startedAt: scope.clock.now(),
        finishedAt: null,
      });
      await manager.getRepository(AutopayRunEntity).insert(run);
      await request.recheckSender?.(manager);
      return run;
    }));
  return {
    scope,
    settings,
    rules,
    convenienceFee: paymentRules.convenienceFee,
    paymentLimitCents: BigInt(paymentRules.maxPaymentCents),
    date: request.date,
    today: request.today,
    accountsCharged: new Set(),
    stopping,
    runId: async () => (await row()).id,
    unfinished: async () => (created ? await created : null),
    async finish() {
      if (!created) return null;
      const run = await created;
      run.finishedAt = scope.clock.now();
      await withTenant(scope, (manager) => manager.getRepository(AutopayRunEntity).update({ id: run.id }, { finishedAt: run.finishedAt }));
      return run;
    },
  };
}
