import { FixedClock, type GraphQLResponse, type GraphQLTestClient } from '@platform/testkit';
import { holdRows, untilWaitingOnLocks } from '../db/lock-waits';
import { BILL_HEADER, IMPORT_CSV, openAccount, type ImportResult, platformWithNorwalkStaff } from './billing-api';
import { disconnectedThenPaidInFull } from './awaiting-restoration';

/*
 * A bill import share-locks the accounts it bills (its key checks, once for
 * the batch) and then reviews the restoration request of any of them
 * awaiting restoration, which locks that account FOR UPDATE. Two imports
 * billing the same such account each held the share lock the other's review
 * waited on: a deadlock, one import answered "Internal server error". An
 * import billing such an account now locks its accounts FOR UPDATE first, in
 * one pass in id order, as payments and the disconnection sweep lock them.
 */

// Noon in Norwalk on 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
const env = platformWithNorwalkStaff({ clock, jobs: true });

const STATUS = `query S($id: UUID!) { serviceAccount(id: $id) { status } }`;
const statusOf = async (id: string) => (await env.support.data<{ serviceAccount: { status: string } }>(STATUS, { id })).serviceAccount.status;
const deadlocks = () => env.platform.logLines().filter((line) => line.includes('40P01')).length;
const importing = (staff: GraphQLTestClient, csv: string[]) => staff.request<{ importBillsCsv: ImportResult }>(IMPORT_CSV, { csv: [BILL_HEADER, ...csv].join('\n') });
const outcome = (response: GraphQLResponse<{ importBillsCsv: ImportResult }>) => ({ errors: response.errors ?? [], imported: response.data?.importBillsCsv.imported });
const LOCK_ACCOUNT = 'SELECT id FROM service_accounts WHERE id = $1 FOR UPDATE';

it('imports both of two files sent at once that bill the same account awaiting restoration (a nightly export and a clerk’s file), rather than failing one with a deadlock', async () => {
  const account = await disconnectedThenPaidInFull(env.platform, env.support, '81-0002-00', 'CI-8201');
  const deadlocksBefore = deadlocks();
  // Something else holds the account a moment (the hourly sweep weighing its batch, a payment posting): both imports
  // reach their locks before either goes on.
  const release = await holdRows(env.platform.db, 'norwalk', LOCK_ACCOUNT, [account.id]);
  const nightly = importing(env.support, ['CI-8202,81-0002-00,2026-11-20,2026-12-11,48.00,,']);
  const clerks = importing(env.admin, ['CI-8203,81-0002-00,2026-11-21,2026-12-12,5.00,,']);
  await untilWaitingOnLocks(env.platform.db, '%', { n: 2 });
  await release();
  expect((await Promise.all([nightly, clerks])).map(outcome)).toEqual([
    { errors: [], imported: 1 },
    { errors: [], imported: 1 },
  ]);
  expect(deadlocks()).toBe(deadlocksBefore);
  // Neither bill is due yet: the request stands.
  expect(await statusOf(account.id)).toBe('RESTORATION_PENDING');
}, 60_000);

it('imports a file billing an account awaiting restoration and one before it in id order while the sweep holds that one and then asks for the first', async () => {
  const waiting = await disconnectedThenPaidInFull(env.platform, env.support, '81-0003-00', 'CI-8301');
  const deadlocksBefore = deadlocks();
  // Ids are random (and order as their text does): open accounts until one comes before it.
  let earlier = await openAccount(env.support);
  while (earlier.id > waiting.id) earlier = await openAccount(env.support);
  let imported: Promise<GraphQLResponse<{ importBillsCsv: ImportResult }>> | undefined;
  // The sweep locks its batch one account at a time, in id order.
  await env.platform.db.transaction(async (sweep) => {
    const [tenant] = await sweep.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
    await sweep.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant!.id]);
    await sweep.query(LOCK_ACCOUNT, [earlier.id]);
    imported = importing(env.support, ['CI-8302,81-0003-00,2026-11-20,2026-12-11,48.00,,', `CI-8303,${earlier.accountNumber},2026-11-20,2026-12-11,30.00,,`]);
    await untilWaitingOnLocks(env.platform.db, '%');
    await sweep.query(LOCK_ACCOUNT, [waiting.id]);
  });
  expect(outcome(await imported!)).toEqual({ errors: [], imported: 2 });
  expect(deadlocks()).toBe(deadlocksBefore);
}, 60_000);

it('withdraws the request a payment opens while the import of a bill already past due waits for its account (found by review: left to the hourly sweep)', async () => {
  const account = await disconnectedThenPaidInFull(env.platform, env.support, '81-0004-00', 'CI-8401');
  // Disconnected again, as before its payment posted; then a payment posting holds it and opens the request anew.
  const [tenant] = await env.platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
  await env.platform.db.transaction(async (manager) => {
    await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant!.id]);
    await manager.query(`UPDATE service_accounts SET status = 'DISCONNECTED' WHERE id = $1`, [account.id]);
  });
  const release = await holdRows(
    env.platform.db,
    'norwalk',
    `WITH held AS (SELECT id FROM service_accounts WHERE id = $1 FOR UPDATE) UPDATE service_accounts SET status = 'RESTORATION_PENDING' WHERE id IN (SELECT id FROM held)`,
    [account.id],
  );
  // A bill due November 1st: the account owes again once it is in.
  const pastDue = importing(env.support, ['CI-8402,81-0004-00,2026-10-01,2026-11-01,20.00,,']);
  await untilWaitingOnLocks(env.platform.db, '%billing_insert_staged_bills%');
  await release();
  expect(outcome(await pastDue)).toEqual({ errors: [], imported: 1 });
  // Before: RESTORATION_PENDING, and staff refused its approval until the sweep came by.
  expect(await statusOf(account.id)).toBe('DISCONNECTED');
}, 60_000);
