import { randomUUID } from 'node:crypto';
import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import type { QueryRunner } from 'typeorm';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';

/*
 * A run charges through several slots at once, and a slot that records a
 * failure goes on in the same transaction after writing its outcome (telling
 * the resident, suspending the enrolment). So outcomes commit out of the
 * order they were written in, while staff page through a run still going
 * ("load more" in the console). A reader resuming from a cursor must still be
 * handed every outcome. Here transactions opened by the test stand for the
 * run's slots: a real run's slot cannot be held open at that point from
 * outside it.
 */

let platform: TestPlatform;
let staff: GraphQLTestClient;
let tenantId: string;
let accountId: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  [{ id: tenantId }] = (await platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'")) as [{ id: string }];
  [{ id: accountId }] = (await tenantRows<{ id: string }>(platform, 'norwalk', 'SELECT id FROM service_accounts ORDER BY account_key LIMIT 1')) as [{ id: string }];
});
afterAll(() => platform.close());

const OUTCOMES = `query Outcomes($id: UUID!, $after: String) {
  autopayRun(id: $id) { outcomes(first: 100, after: $after) { edges { node { reason } } pageInfo { endCursor } } }
}`;
type Page = { autopayRun: { outcomes: { edges: { node: { reason: string } }[]; pageInfo: { endCursor: string | null } } } };
async function outcomes(runId: string, after: string | null = null): Promise<{ reasons: string[]; endCursor: string | null }> {
  const { edges, pageInfo } = (await staff.data<Page>(OUTCOMES, { id: runId, after })).autopayRun.outcomes;
  return { reasons: edges.map((e) => e.node.reason), endCursor: pageInfo.endCursor };
}

/**
 * Reads until at least `count` outcomes are listed (or 20 s pass): the horizon is the whole server's, so a transaction
 * of another test file, running on the same PostgreSQL, holds committed outcomes back for a moment.
 */
async function outcomesOnceListed(runId: string, after: string | null, count: number): Promise<{ reasons: string[]; endCursor: string | null }> {
  const end = Date.now() + 20_000;
  for (;;) {
    const page = await outcomes(runId, after);
    if (page.reasons.length >= count || Date.now() > end) return page;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function startedRun(): Promise<string> {
  const runId = randomUUID();
  await tenantRows(platform, 'norwalk', `INSERT INTO autopay_runs (tenant_id, id, run_date, trigger, actor, started_at) VALUES ($1, $2, '2026-11-20', 'STAFF', 'test', now())`, [tenantId, runId]);
  return runId;
}
/** An outcome whose reason names it, as a run records one. */
const OUTCOME = `INSERT INTO autopay_outcomes (tenant_id, id, run_id, service_account_id, cycle, attempt, kind, reason, occurred_at)
  VALUES ($1, gen_random_uuid(), $2, $3, '2026-11', 1, 'SKIPPED', $4, now())`;
const recordOutcome = (runId: string, name: string) => tenantRows(platform, 'norwalk', OUTCOME, [tenantId, runId, accountId, name]);

/** A charge slot's transaction: it has written its outcome and is still telling the resident. */
async function slotStillWorking(runId: string, name: string): Promise<QueryRunner> {
  const slot = platform.db.createQueryRunner();
  await slot.connect();
  await slot.startTransaction();
  await slot.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
  await slot.query(OUTCOME, [tenantId, runId, accountId, name]);
  return slot;
}

it('hands a reader resuming by cursor an outcome that committed after a later one had been read', async () => {
  const runId = await startedRun();
  await recordOutcome(runId, 'FIRST');
  const slow = await slotStillWorking(runId, 'SLOW_SLOT');
  await recordOutcome(runId, 'FAST_SLOT');

  // Staff open the run while the slow slot is still at work: the fast slot's outcome waits behind it.
  const opened = await outcomesOnceListed(runId, null, 1);
  await slow.commitTransaction();
  await slow.release();
  const more = await outcomesOnceListed(runId, opened.endCursor, 2);

  expect({ opened: opened.reasons, more: more.reasons }).toEqual({ opened: ['FIRST'], more: ['SLOW_SLOT', 'FAST_SLOT'] });
  expect((await outcomesOnceListed(runId, null, 3)).reasons).toEqual(['FIRST', 'SLOW_SLOT', 'FAST_SLOT']);
});

it("lists a running run's outcome once no older transaction is running, and a finished run's at once", async () => {
  const runId = await startedRun();
  // A transaction elsewhere in the database, begun before the outcome: until it ends, it might still add one before it.
  const elsewhere = platform.db.createQueryRunner();
  await elsewhere.connect();
  await elsewhere.startTransaction();
  await elsewhere.query('SELECT pg_current_xact_id()');
  try {
    await recordOutcome(runId, 'CHARGED_MEANWHILE');
    const whileRunning = await outcomes(runId);
    // A finished run has committed all its outcomes (it is marked finished only after the last is recorded).
    await tenantRows(platform, 'norwalk', 'UPDATE autopay_runs SET finished_at = now() WHERE id = $1', [runId]);
    const finished = await outcomes(runId);
    expect({ whileRunning: whileRunning.reasons, finished: finished.reasons }).toEqual({ whileRunning: [], finished: ['CHARGED_MEANWHILE'] });
  } finally {
    await elsewhere.rollbackTransaction();
    await elsewhere.release();
  }
});
