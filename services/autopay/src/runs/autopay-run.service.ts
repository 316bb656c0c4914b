import type { IsoDate } from '@platform/core';
import { withTenant } from '@platform/db';
import type { Tenant } from '@platform/tenants';
import { cycleOf, deductionDateOf, previousCycle, type Cycle } from '../autopay-calendar';
import { ChargeSlots, takenPaymentKeys } from '@platform/payments';
import { startChargingClaims, type ClaimFailures } from './autopay-attempt.service';
import { claimAttempts, type AttemptCandidate, type ClaimedAttempt } from './autopay-claims.service';
import { paymentKeyFor } from './autopay-deduction.entity';
import type { AutopayRunEntity } from './autopay-run.entity';
import { startRunContext, type RunContext, type RunRequest } from './run-context';
import type { AutopayScope } from '../autopay-scope';
import { DEFAULT_RUN_CONCURRENCY, type AutopaySettings } from '../autopay-settings';
import { ENROLMENT_FOR_DEDUCTION, enrollmentOf, type EnrollmentRow } from './enrollment-row';
import { noticeOfEnrolment } from '../notices/notice-of-enrolment';

/** Accounts read, decided and claimed together; each page's claims are charged before the next page is read. */
const PAGE_SIZE = 500;

/**
 * How long a claim with no payment yet may still be a live run's: a run
 * records a page's payments wave by wave, each wave waiting for processor
 * calls to free their slots, which a slow processor stretches to many
 * minutes. Until then the claim is charged only as claimed.
 */
const CLAIM_LEASE_MS = 60 * 60_000;

/**
 * One autopay pass over a city for `date`, safe to repeat and to run
 * alongside another:
 * 1. follows up attempts left CHARGING (a run that died, or a processor that
 *    did not answer): one whose payment exists, under its own payment key;
 *    one whose payment was never made is decided again first, because the
 *    customer may have paid, cancelled or changed card since the claim
 *    (see moveClaims for when the new decision is taken);
 * 2. retries failed deductions whose retry day has come;
 * 3. makes the first attempt of `date`'s month for every enrolment it covers
 *    that has none yet, once the account's deduction date has come: the
 *    date its reminder named, else the city's deduction day (see
 *    firstAttemptPage); before it, late, the previous month's that no pass
 *    reached from its day to the month's end, where a reminder announced
 *    it (firstAttemptPage's `late`).
 * The scheduled pass leaves no run behind when it had nothing to do; one
 * asked for by staff or the CLI always does. Returns the run, finished.
 *
 * A run told to stop (`stopping`, the process stopping) claims and sends
 * nothing more, records what it sent, and returns unfinished.
 *
 * An account whose attempt throws (a bug, a lost connection) does not hold
 * the others back: its claim stays CHARGING for the next run to follow up,
 * the run goes on, and then fails without being marked finished.
 */
export async function runAutopay(scope: AutopayScope, settings: AutopaySettings, tenant: Tenant, request: RunRequest, stopping?: AbortSignal): Promise<AutopayRunEntity | null> {
  const rules = tenant.settings.autopayRules;
  const run = startRunContext(scope, settings, rules, tenant.settings.paymentRules, request, stopping);
  const failures: ClaimFailures = [];
  const slots = new ChargeSlots(settings.concurrency ?? DEFAULT_RUN_CONCURRENCY);
  // A page's answers are recorded while the next page is claimed and charged; one page at most waits to be recorded.
  let recording: Promise<ClaimFailures> = Promise.resolve([]);
  const chargeAll = async (claims: readonly ClaimedAttempt[]) => {
    const started = await startChargingClaims(run, claims, slots);
    failures.push(...(await recording));
    recording = started.recorded;
  };
  const drain = async () => {
    failures.push(...(await recording));
    recording = Promise.resolve([]);
  };
  if (request.trigger !== 'SCHEDULE') await run.runId();
  // Each step's pages are recorded before the next step reads: a follow-up may schedule a retry, a retry settle a cycle.
  await forEachPage(
    run,
    (after) => chargingPage(run, after),
    async (rows) => {
      const taken = await withTenant(run.scope, (manager) => takenPaymentKeys(manager, rows.map(paymentKeyOf)));
      const made = (row: ChargingRow) => row.payment_id !== null || taken.has(paymentKeyOf(row));
      const leaseEnded = scope.clock.now().getTime() - CLAIM_LEASE_MS;
      const resumed = await claimAttempts(
        run,
        rows.filter((row) => !made(row)).map((row) => resumeCandidateOf(row, row.claimed_at.getTime() <= leaseEnded)),
      );
      await chargeAll([...rows.filter(made).map(claimOf), ...resumed]);
    },
  );
  await drain();
  await forEachPage(
    run,
    (after) => retryPage(run, after),
    async (rows) => chargeAll(await claimAttempts(run, rows.map(retryCandidateOf))),
  );
  await drain();
  const cycle = cycleOf(request.date);
  for (const [due, late] of [
    [previousCycle(cycle), true],
    [cycle, false],
  ] as const) {
    await forEachPage(
      run,
      (after) => firstAttemptPage(run, due, deductionDateOf(due, rules.deductionDay), after, late),
      async (rows) => chargeAll(await claimAttempts(run, rows.map(firstCandidateOf))),
    );
    await drain();
  }
  if (failures.length > 0) {
    const accounts = failures.map((f) => f.item.serviceAccountId);
    throw new AggregateError(
      failures.map((f) => f.error),
      `autopay could not settle ${failures.length} account(s), left to the next run: ${accounts.slice(0, 5).join(', ')}${accounts.length > 5 ? ', ...' : ''}`,
    );
  }
  // Stopped part-way (the process is stopping): left unfinished, and the next run takes up where this one stopped.
  if (stopping?.aborted) return run.unfinished();
  return run.finish();
}

/** A position in a page walk: rows after this account and cycle. */
type After = readonly [serviceAccountId: string, cycle: string];
const START: After = ['00000000-0000-0000-0000-000000000000', ''];

/** Walks pages in account order; rows a step leaves as they were (still in doubt) are not read again. Stops once the run is told to. */
async function forEachPage<Row extends { service_account_id: string; cycle: string }>(run: RunContext, page: (after: After) => Promise<Row[]>, handle: (rows: Row[]) => Promise<void>): Promise<void> {
  for (let after = START; !run.stopping?.aborted;) {
    const rows = await page(after);
    if (rows.length === 0) return;
    await handle(rows);
    const last = rows[rows.length - 1]!;
    after = [last.service_account_id, last.cycle];
  }
}

/** A failed deduction whose retry day has come, with its enrolment as it is now. */
interface RetryRow extends EnrollmentRow {
  deduction_date: string;
  attempts: number;
}

/** A deduction left CHARGING, with the payment the run recorded (null if none yet) and its enrolment as it is now. */
interface ChargingRow extends RetryRow {
  payment_id: string | null;
  /** When the claim was made (or last moved): a run taking it over requires it unchanged. */
  claimed_at: Date;
  claimed_user_id: string;
  claimed_method_id: string;
  claimed_amount_cents: string;
  /** Null for a claim made before claims kept their fee. */
  claimed_fee_cents: string | null;
}

function chargingPage(run: RunContext, after: After): Promise<ChargingRow[]> {
  return withTenant(run.scope, (manager) =>
    manager.query<ChargingRow[]>(
      `SELECT d.service_account_id, d.cycle, d.deduction_date::text, d.attempts, d.payment_id, d.updated_at AS claimed_at,
              d.user_id AS claimed_user_id, d.saved_method_id AS claimed_method_id, d.amount_cents::text AS claimed_amount_cents, d.fee_cents::text AS claimed_fee_cents,
              ${ENROLMENT_FOR_DEDUCTION}
         FROM autopay_deductions d JOIN autopay_enrollments e ON e.tenant_id = d.tenant_id AND e.service_account_id = d.service_account_id
        WHERE d.status = 'CHARGING' AND (d.service_account_id, d.cycle) > ($1, $2)
        ORDER BY d.service_account_id, d.cycle LIMIT $3`,
      [...after, PAGE_SIZE],
    ),
  );
}

const paymentKeyOf = (row: ChargingRow) => paymentKeyFor(row.service_account_id, row.cycle, row.attempts);

/** The attempt as claimed: its payment exists, so only the same charge may be asked for again. */
const claimOf = (row: ChargingRow): ClaimedAttempt => ({
  serviceAccountId: row.service_account_id,
  cycle: row.cycle,
  attempt: row.attempts,
  userId: row.claimed_user_id,
  savedMethodId: row.claimed_method_id,
  amountCents: BigInt(row.claimed_amount_cents),
  // A claim made before claims kept their fee: its payment exists and answers the request, whatever fee it names.
  feeCents: BigInt(row.claimed_fee_cents ?? 0),
  claimedAt: row.claimed_at,
});

const resumeCandidateOf = (row: ChargingRow, leaseEnded: boolean): AttemptCandidate => ({
  claim: 'RESUME',
  claimed: {
    at: row.claimed_at,
    leaseEnded,
    userId: row.claimed_user_id,
    savedMethodId: row.claimed_method_id,
    amountCents: BigInt(row.claimed_amount_cents),
    feeCents: row.claimed_fee_cents === null ? null : BigInt(row.claimed_fee_cents),
  },
  serviceAccountId: row.service_account_id,
  cycle: row.cycle,
  deductionDate: row.deduction_date,
  attempt: row.attempts,
  enrollment: enrollmentOf(row),
});

function retryPage(run: RunContext, after: After): Promise<RetryRow[]> {
  return withTenant(run.scope, (manager) =>
    manager.query<RetryRow[]>(
      `SELECT d.service_account_id, d.cycle, d.deduction_date::text, d.attempts, ${ENROLMENT_FOR_DEDUCTION}
         FROM autopay_deductions d JOIN autopay_enrollments e ON e.tenant_id = d.tenant_id AND e.service_account_id = d.service_account_id
        WHERE d.status = 'RETRY_SCHEDULED' AND d.next_attempt_on <= $1 AND (d.service_account_id, d.cycle) > ($2, $3)
        ORDER BY d.service_account_id, d.cycle LIMIT $4`,
      [run.date, ...after, PAGE_SIZE],
    ),
  );
}

const retryCandidateOf = (row: RetryRow): AttemptCandidate => ({
  claim: 'RETRY',
  serviceAccountId: row.service_account_id,
  cycle: row.cycle,
  deductionDate: row.deduction_date,
  attempt: row.attempts + 1,
  enrollment: enrollmentOf(row),
});

/** An enrolment whose first attempt of the cycle is due, with the date it is due on. */
interface FirstAttemptRow extends EnrollmentRow {
  deduction_date: string;
}

/**
 * Enrolments the cycle covers that have no deduction for it yet and whose
 * deduction date has come by the run's date. An account's date is the one
 * its reminder for the cycle named, whatever the city's day is now: a
 * reminder is a promise of the date (and, for a bank debit, the notice the
 * payer is owed), so a day moved EARLIER after it went out does not charge
 * before it, and a day moved LATER does not leave it wrong either; the new
 * day applies from the account's next reminder. An account reminded of
 * nothing (a city that sends none, nothing due then, enrolled after the
 * reminders) is due on the city's deduction day `cityDate`. A reminder sent
 * before the enrolment began (cancelled since, and enrolled again) promised
 * nothing to this enrolment, which was told the city's day.
 *
 * `late`, for last month: only the enrolments reminded of an amount for it,
 * which no pass reached from its day to the month's end (the worker down
 * that long: one day for a city that deducts on the 31st). The reminder
 * promised the debit and bounds it (a bill issued since, this month's, is
 * not taken before its own day), so it is kept late rather than leave the
 * household unpaid and past due with nobody told; one reminded of nothing
 * would be charged all it owes now, this month's bill too, before its day,
 * and is left to staff's catch-up run (runAutopay for a date).
 *
 * Every hourly pass asks, so each plan reads only what can be due: before
 * the city's day, the few accounts promised an earlier date (by the promised
 * dates' index: the date's lower bound, always true, tells the planner how
 * few, where the dates of earlier cycles made it expect a quarter of all
 * reminders and scan them); from it on, the enrolments without a deduction,
 * less those promised a later date.
 */
function firstAttemptPage(run: RunContext, cycle: Cycle, cityDate: IsoDate, after: After, late: boolean): Promise<FirstAttemptRow[]> {
  const enrolment = `e.service_account_id, $1::text AS cycle, e.status, e.user_id, e.saved_method_id, e.max_amount_cents::text`;
  const uncharged = `NOT EXISTS (SELECT 1 FROM autopay_deductions d WHERE d.tenant_id = e.tenant_id AND d.service_account_id = e.service_account_id AND d.cycle = $1)`;
  const promise = `n.tenant_id = e.tenant_id AND n.service_account_id = e.service_account_id AND n.cycle = $1 AND n.kind = 'REMINDER' AND ${noticeOfEnrolment('n', 'e')}`;
  const covered = `e.status = 'ENROLLED' AND e.first_cycle <= $1 AND e.service_account_id > $2${late ? ` AND EXISTS (SELECT 1 FROM autopay_notices n WHERE ${promise} AND n.amount_cents IS NOT NULL)` : ''}`;
  return withTenant(run.scope, (manager) =>
    run.date < cityDate
      ? manager.query<FirstAttemptRow[]>(
          `SELECT ${enrolment}, n.deduction_date::text AS deduction_date
             FROM autopay_notices n JOIN autopay_enrollments e ON ${promise}
            WHERE n.kind = 'REMINDER' AND n.cycle = $1 AND n.deduction_date BETWEEN ($1 || '-01')::date AND $3::date AND ${covered} AND ${uncharged}
            ORDER BY e.service_account_id LIMIT $4`,
          [cycle, after[0], run.date, PAGE_SIZE],
        )
      : manager.query<FirstAttemptRow[]>(
          `SELECT ${enrolment}, COALESCE((SELECT n.deduction_date FROM autopay_notices n WHERE ${promise}), $4::date)::text AS deduction_date
             FROM autopay_enrollments e
            WHERE ${covered} AND ${uncharged}
              AND NOT EXISTS (SELECT 1 FROM autopay_notices n WHERE ${promise} AND n.deduction_date > $3::date)
            ORDER BY e.service_account_id LIMIT $5`,
          [cycle, after[0], run.date, cityDate, PAGE_SIZE],
        ),
  );
}

const firstCandidateOf = (row: FirstAttemptRow): AttemptCandidate => ({
  claim: 'FIRST',
  serviceAccountId: row.service_account_id,
  cycle: row.cycle,
  deductionDate: row.deduction_date,
  attempt: 1,
  enrollment: enrollmentOf(row),
});
