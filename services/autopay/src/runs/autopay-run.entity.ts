import { Column, Entity, PrimaryColumn } from 'typeorm';

export const RUN_TRIGGERS = ['SCHEDULE', 'STAFF', 'CLI'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/**
 * One pass of autopay over a city for a date: the scheduled hourly pass (when
 * it had work), or one staff or the CLI asked for. What it did to each
 * account is in autopay_outcomes; a run without `finishedAt` was cut off and
 * the next one picked up where it stopped.
 */
@Entity({ name: 'autopay_runs' })
export class AutopayRunEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  /** The city date the run was for. */
  @Column({ name: 'run_date', type: 'date' }) runDate: string;
  @Column({ type: 'text' }) trigger: RunTrigger;
  /** A staff user id, "cli" or "system". */
  @Column({ type: 'text' }) actor: string;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
}
