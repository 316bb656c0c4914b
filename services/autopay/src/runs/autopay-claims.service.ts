import { findServiceAccounts, loadBalances, type AccountStatus, type Balance } from '@platform/billing';
import type { IsoDate } from '@platform/core';
import { linkedPairs } from '@platform/customers';
import { updateReturning, withTenant } from '@platform/db';
import { accountsWithPaymentsUnanswered, convenienceFeeCents, savedMethodsById, type SavedMethodSummary } from '@platform/payments';
import type { EntityManager } from 'typeorm';
import type { Cycle } from '../autopay-calendar';
import { amountDueForDeduction, decideAttempt, feeForDeduction, type AttemptDecision, type DeductionBound } from './autopay-decision';
import type { EnrollmentStatus } from '../enrollment/autopay-enrollment.entity';
import { remindedAmounts, remindedKey } from '../notices/promised-dates.queries';
import { dueDateOf, tellSkippedCycles, type SkippedCycle } from '../notices/skipped-cycle-notices.service';
import { recordOutcomes } from './autopay-outcome.service';
import type { RunContext } from './run-context';
import { cancelEnrollments, suspendEnrollments } from './suspension.service';

/**
 * How an attempt is claimed: FIRST, the cycle's first; RETRY, after failed
 * ones; RESUME, an attempt claimed by a run that stopped before its payment
 * was recorded, so no charge can have been made under its key.
 */
type ClaimKind = 'FIRST' | 'RETRY' | 'RESUME';

/** A claim left with no payment, as a run following it up read it. */
interface ResumedClaim {
  /** When it was made; a run taking it over requires it unchanged, so two runs cannot both. */
  readonly at: Date;
  /** Older than the lease (see the run's CLAIM_LEASE_MS): its run is taken to have died. */
  readonly leaseEnded: boolean;
  readonly userId: string;
  readonly savedMethodId: string;
  readonly amountCents: bigint;
  /** Null for a claim made before claims kept their fee: it is not taken to be decided as claimed. */
  readonly feeCents: bigint | null;
}

/** An account whose cycle may be attempted now: its first attempt, a retry that has come due, or a claim to decide again. */
export interface AttemptCandidate {
  readonly claim: ClaimKind;
  /** RESUME only: the claim as read. */
  readonly claimed?: ResumedClaim;
  readonly serviceAccountId: string;
  readonly cycle: Cycle;
  readonly deductionDate: IsoDate;
  /** The attempt to make: 1 for the cycle's first, n + 1 after n failed ones, the claimed one when resuming. */
  readonly attempt: number;
  readonly enrollment: { readonly status: EnrollmentStatus; readonly userId: string; readonly savedMethodId: string; readonly maxAmountCents: bigint | null };
}

/** An attempt this run holds: its deduction row is CHARGING with this attempt number, and its payment is the run's to make. */
export interface ClaimedAttempt {
  readonly serviceAccountId: string;
  readonly cycle: Cycle;
  readonly attempt: number;
  readonly userId: string;
  readonly savedMethodId: string;
  readonly amountCents: bigint;
  /** The convenience fee the charge adds, decided with the amount on the run's one reading of the city's fee (see feeForDeduction). */
  readonly feeCents: bigint;
  /** The row's updated_at as the claim left it: a run that took the claim over since has changed it. */
  readonly claimedAt: Date;
}

interface Decided {
  readonly candidate: AttemptCandidate;
  readonly decision: AttemptDecision;
}

/**
 * Decides each candidate on what its account owes now, and claims it in one
 * transaction: a first attempt by inserting the cycle's deduction row (a
 * concurrent run inserting it first wins, and this one leaves the account
 * alone), a retry by moving the row on from the attempt it failed, a resumed
 * claim by moving it on from the claim nobody charged. Cycles
 * settled without a charge (skipped, or the enrolment suspended) are
 * recorded in the same transaction, with what follows from them: an
 * enrolment on a closed or unlinked account ended, a customer over their
 * maximum, or whose closed account still owes, told that autopay did not pay. An account another payment of which
 * is still in doubt (its processor has not answered) is left for a later
 * run: what it owes does not show that payment yet; so is an account this
 * run has already claimed a charge for. A cycle whose reminder announced an
 * amount is charged no more than that, less what was paid down since (a bill
 * imported since is left for the next cycle's reminder), and a fee no higher
 * than it announced. Returns the
 * attempts to charge.
 */
export async function claimAttempts(run: RunContext, offered: readonly AttemptCandidate[]): Promise<ClaimedAttempt[]> {
  if (offered.length === 0) return [];
  return withTenant(run.scope, async (manager) => {
    const inDoubt = await accountsWithPaymentsUnanswered(
      manager,
      offered.map((c) => c.serviceAccountId),
    );
    // One charge per account per run: a charge takes all that is owed, so two cycles of one account decided on the same
    // balance (February's retry and March's, both due after an outage) would charge it twice, in one page or two (the
    // first one's payment may not be committed when the next page looks for payments in doubt). The later cycle waits
    // for a later run, which sees the first charge: in doubt still, or taken off what is owed. Pages come ordered by
    // account, then cycle, so the older cycle goes first.
    const candidates: AttemptCandidate[] = [];
    const inBatch = new Set<string>();
    for (const candidate of offered) {
      const account = candidate.serviceAccountId;
      if (inDoubt.has(account) || inBatch.has(account) || run.accountsCharged.has(account)) continue;
      inBatch.add(account);
      candidates.push(candidate);
    }
    if (candidates.length === 0) return [];
    const runId = await run.runId();
    const now = run.scope.clock.now();
    const facts = await readAccountFacts(manager, run, candidates);
    // No more than the cycle's reminder announced, less what was paid down since: what was billed after it waits for the
    // next cycle's reminder, and a fee the city added or raised after it is not charged.
    const reminded = await remindedAmounts(manager, run.scope, candidates);
    const decided = candidates.map((candidate): Decided => ({
      candidate,
      decision: decideOn(facts, run, candidate, reminded.get(remindedKey(candidate.serviceAccountId, candidate.cycle))),
    }));
    const claimed = [
      ...(await claimFirstAttempts(
        manager,
        run,
        now,
        decided.filter((d) => d.candidate.claim === 'FIRST'),
      )),
      ...(await moveClaims(
        manager,
        run,
        now,
        decided.filter((d) => d.candidate.claim !== 'FIRST'),
      )),
    ];
    for (const { candidate, decision } of claimed) if (decision.kind === 'CHARGE') run.accountsCharged.add(candidate.serviceAccountId);

    await recordOutcomes(
      manager,
      run.scope,
      runId,
      claimed.flatMap(({ candidate, decision }) =>
        decision.kind === 'CHARGE'
          ? []
          : [
              {
                serviceAccountId: candidate.serviceAccountId,
                cycle: candidate.cycle,
                attempt: candidate.attempt - 1,
                kind: decision.kind === 'SKIP' ? 'SKIPPED' : 'SUSPENDED',
                reason: decision.reason,
              },
            ],
      ),
    );
    await cancelEnrollments(
      manager,
      run.scope.clock.now(),
      claimed.flatMap(({ candidate, decision }) =>
        decision.kind === 'SKIP' && (decision.reason === 'ACCOUNT_UNLINKED' || decision.reason === 'ACCOUNT_CLOSED')
          ? [{ serviceAccountId: candidate.serviceAccountId, accountNumber: facts.accounts.get(candidate.serviceAccountId)?.accountNumber ?? '', userId: candidate.enrollment.userId }]
          : [],
      ),
    );
    // Only the cycles this transaction settled: a concurrent run that settled one first told the customer itself.
    await tellSkippedCycles(
      manager,
      run.scope,
      claimed.flatMap(({ candidate, decision }) => {
        if (decision.kind !== 'SKIP') return [];
        if (decision.reason === 'OVER_MAXIMUM') return [overMaximum(facts, candidate, decision.feeCents)];
        if (decision.reason === 'ACCOUNT_CLOSED') return closedWithMoneyOwed(facts, candidate);
        return [];
      }),
    );
    await suspendEnrollments(
      manager,
      run.scope,
      claimed.flatMap(({ candidate, decision }) =>
        decision.kind === 'SUSPEND'
          ? [
              {
                serviceAccountId: candidate.serviceAccountId,
                cycle: candidate.cycle,
                accountNumber: facts.accounts.get(candidate.serviceAccountId)?.accountNumber ?? '',
                userId: candidate.enrollment.userId,
                method: facts.methods.get(candidate.enrollment.savedMethodId) ?? null,
                reason: decision.reason,
              },
            ]
          : [],
      ),
    );
    return claimed.flatMap(({ candidate, decision, claimedAt }) =>
      decision.kind === 'CHARGE'
        ? [
            {
              serviceAccountId: candidate.serviceAccountId,
              cycle: candidate.cycle,
              attempt: candidate.attempt,
              userId: candidate.enrollment.userId,
              savedMethodId: candidate.enrollment.savedMethodId,
              amountCents: decision.amountCents,
              feeCents: decision.feeCents,
              claimedAt,
            },
          ]
        : [],
    );
  });
}

/** What an attempt is decided on besides its enrolment, for a batch of accounts, read together in the caller's transaction. */
interface AccountFacts {
  readonly accounts: ReadonlyMap<string, { readonly status: AccountStatus; readonly accountNumber: string }>;
  readonly balances: ReadonlyMap<string, Balance>;
  readonly methods: ReadonlyMap<string, SavedMethodSummary>;
  readonly isLinked: (userId: string, serviceAccountId: string) => boolean;
}

/** An account's enrolment, as an attempt is decided on it. */
export interface Enrolled {
  readonly serviceAccountId: string;
  readonly enrollment: AttemptCandidate['enrollment'];
}

export async function readAccountFacts(manager: EntityManager, run: RunContext, enrolled: readonly Enrolled[]): Promise<AccountFacts> {
  const ids = enrolled.map((e) => e.serviceAccountId);
  return {
    accounts: new Map((await findServiceAccounts(manager, ids)).map((account) => [account.id, account])),
    balances: await loadBalances(manager, run.scope, ids),
    methods: await savedMethodsById(
      manager,
      enrolled.map((e) => e.enrollment.savedMethodId),
    ),
    isLinked: await linkedPairs(
      manager,
      enrolled.map((e) => ({ userId: e.enrollment.userId, serviceAccountId: e.serviceAccountId })),
    ),
  };
}

/**
 * Whether to charge an enrolled account now, and how much: all it owes, or at most `bound` (what the cycle's
 * reminder announced, or a claim was made for, less what was paid down since), with the city's fee as the run read it, or at most the fee `bound`
 * names. A reminder that said the month will not be paid announced 0: the month is skipped as it said, with the
 * customer told why when it still holds, and never charged what is left after the customer began paying it as told
 * (they would pay that part twice).
 */
export function decideOn(facts: AccountFacts, run: RunContext, enrolled: Enrolled, bound?: DeductionBound): AttemptDecision {
  const owed = facts.balances.get(enrolled.serviceAccountId)?.amountDueNowCents ?? 0n;
  const decision = decideOnDue(facts, run, enrolled, amountDueForDeduction(owed, bound), bound);
  // A month its reminder said will not be paid is skipped as told, unless it is still too much: more than the maximum
  // (decided so above), or than the city takes in one payment (payments refuses the charge, and the customer is told).
  if (bound?.amountCents !== 0n || decision.kind !== 'CHARGE' || owed > run.paymentLimitCents) return decision;
  return { kind: 'SKIP', reason: 'TOLD_NOT_PAID' };
}

function decideOnDue(facts: AccountFacts, run: RunContext, { serviceAccountId, enrollment }: Enrolled, dueCents: bigint, bound: DeductionBound | undefined): AttemptDecision {
  return decideAttempt({
    accountStatus: facts.accounts.get(serviceAccountId)?.status ?? null,
    enrolled: enrollment.status === 'ENROLLED',
    enrolledUserId: enrollment.userId,
    linked: facts.isLinked(enrollment.userId, serviceAccountId),
    method: facts.methods.get(enrollment.savedMethodId) ?? null,
    dueCents,
    feeCents: feeForDeduction(convenienceFeeCents(run.convenienceFee, dueCents), bound),
    maxAmountCents: enrollment.maxAmountCents,
    // The day the card is charged, which a catch-up run for an earlier date is not.
    date: run.today,
  });
}

/** What a customer is told of a cycle skipped as more than their maximum, with the fee the decision weighed: it checked that something is owed. */
function overMaximum(facts: AccountFacts, { serviceAccountId, enrollment }: AttemptCandidate, feeCents: bigint): SkippedCycle {
  const balance = facts.balances.get(serviceAccountId);
  const owedCents = balance?.amountDueNowCents ?? 0n;
  return {
    userId: enrollment.userId,
    notice: {
      template: 'AUTOPAY_SKIPPED',
      accountNumber: facts.accounts.get(serviceAccountId)?.accountNumber ?? '',
      method: facts.methods.get(enrollment.savedMethodId) ?? null,
      amountCents: owedCents,
      dueDate: dueDateOf(balance),
      over: { reason: 'OVER_MAXIMUM', maxAmountCents: enrollment.maxAmountCents ?? 0n, feeCents },
    },
  };
}

/**
 * What the customer of a closed account is told when its final bill is still
 * owed: autopay had promised that month's deduction, and ends without making
 * it. Nothing when nothing is owed, or when they no longer hold the account.
 */
function closedWithMoneyOwed(facts: AccountFacts, { serviceAccountId, enrollment }: AttemptCandidate): SkippedCycle[] {
  const account = facts.accounts.get(serviceAccountId);
  const balance = facts.balances.get(serviceAccountId);
  const owedCents = balance?.amountDueNowCents ?? 0n;
  if (!account || owedCents <= 0n || !facts.isLinked(enrollment.userId, serviceAccountId)) return [];
  return [
    {
      userId: enrollment.userId,
      notice: {
        template: 'AUTOPAY_SKIPPED',
        accountNumber: account.accountNumber,
        method: facts.methods.get(enrollment.savedMethodId) ?? null,
        amountCents: owedCents,
        dueDate: dueDateOf(balance),
        over: { reason: 'ACCOUNT_CLOSED' },
      },
    },
  ];
}

const statusAfter = (decision: AttemptDecision) => (decision.kind === 'CHARGE' ? 'CHARGING' : decision.kind === 'SKIP' ? 'SKIPPED' : 'SUSPENDED');

/** A candidate this run claimed (or settled), with the row's updated_at as it left it. */
type Claimed = Decided & { readonly claimedAt: Date };

async function claimFirstAttempts(manager: EntityManager, run: RunContext, now: Date, decided: readonly Decided[]): Promise<Claimed[]> {
  if (decided.length === 0) return [];
  const charging = (d: Decided) => d.decision.kind === 'CHARGE';
  const rows = await manager.query<{ service_account_id: string }[]>(
    `INSERT INTO autopay_deductions (tenant_id, service_account_id, cycle, deduction_date, status, attempts, first_attempted_on, user_id, saved_method_id, amount_cents, fee_cents, updated_at)
     SELECT $1, c.account, c.cycle, c.deduction_date, c.status, c.attempts, c.first_on, c.user_id, c.method_id, c.amount, c.fee, $2
       FROM unnest($3::uuid[], $4::text[], $5::date[], $6::text[], $7::int[], $8::date[], $9::uuid[], $10::uuid[], $11::bigint[], $12::bigint[])
         AS c(account, cycle, deduction_date, status, attempts, first_on, user_id, method_id, amount, fee)
     ON CONFLICT (tenant_id, service_account_id, cycle) DO NOTHING
     RETURNING service_account_id`,
    [
      run.scope.tenant.id,
      now,
      decided.map((d) => d.candidate.serviceAccountId),
      decided.map((d) => d.candidate.cycle),
      decided.map((d) => d.candidate.deductionDate),
      decided.map((d) => statusAfter(d.decision)),
      decided.map((d) => (charging(d) ? 1 : 0)),
      decided.map((d) => (charging(d) ? run.today : null)),
      decided.map((d) => (charging(d) ? d.candidate.enrollment.userId : null)),
      decided.map((d) => (charging(d) ? d.candidate.enrollment.savedMethodId : null)),
      decided.map((d) => (d.decision.kind === 'CHARGE' ? d.decision.amountCents.toString() : null)),
      decided.map((d) => (d.decision.kind === 'CHARGE' ? d.decision.feeCents.toString() : null)),
    ],
  );
  const won = new Set(rows.map((row) => row.service_account_id));
  return decided.filter((d) => won.has(d.candidate.serviceAccountId)).map((d) => ({ ...d, claimedAt: now }));
}

/**
 * Moves each row on from the state its candidate was read in: a retry from
 * the attempt that failed, a resumed claim from the claim itself, still
 * without a payment and unchanged since read. A row another run moved first
 * is left to it. An attempt not made (skipped, suspended) is not counted.
 *
 * A resumed claim decided as it was claimed is charged as claimed, under
 * its key and with the same request, so a live run charging it too makes
 * the one payment. Decided otherwise, it is taken over only once its lease
 * has ended: until then its run may be live and about to charge it.
 */
async function moveClaims(manager: EntityManager, run: RunContext, now: Date, decided: readonly Decided[]): Promise<Claimed[]> {
  const claimed: Claimed[] = [];
  for (const d of decided) {
    const charge = d.decision.kind === 'CHARGE' ? d.decision : null;
    const resuming = d.candidate.claim === 'RESUME';
    if (resuming) {
      const was = d.candidate.claimed!;
      const asClaimed =
        charge !== null &&
        charge.amountCents === was.amountCents &&
        charge.feeCents === was.feeCents &&
        d.candidate.enrollment.userId === was.userId &&
        d.candidate.enrollment.savedMethodId === was.savedMethodId;
      // Charged as claimed, the row left as it was.
      if (asClaimed) claimed.push({ ...d, claimedAt: was.at });
      if (asClaimed || !was.leaseEnded) continue;
    }
    const rows = await updateReturning<{ service_account_id: string }>(
      manager,
      `UPDATE autopay_deductions
          SET status = $1, attempts = $2, user_id = COALESCE($3, user_id), saved_method_id = COALESCE($4, saved_method_id),
              amount_cents = COALESCE($5, amount_cents), fee_cents = COALESCE($12, fee_cents), payment_id = NULL, next_attempt_on = NULL, updated_at = $6
        WHERE service_account_id = $7 AND cycle = $8 AND attempts = $9
          AND (CASE WHEN $10 THEN status = 'CHARGING' AND payment_id IS NULL AND date_trunc('milliseconds', updated_at) = $11 ELSE status = 'RETRY_SCHEDULED' END)
        RETURNING service_account_id`,
      [
        statusAfter(d.decision),
        charge ? d.candidate.attempt : d.candidate.attempt - 1,
        charge ? d.candidate.enrollment.userId : null,
        charge ? d.candidate.enrollment.savedMethodId : null,
        charge?.amountCents.toString() ?? null,
        now,
        d.candidate.serviceAccountId,
        d.candidate.cycle,
        resuming ? d.candidate.attempt : d.candidate.attempt - 1,
        resuming,
        d.candidate.claimed?.at ?? null,
        charge?.feeCents.toString() ?? null,
      ],
    );
    if (rows.length > 0) claimed.push({ ...d, claimedAt: now });
  }
  return claimed;
}
