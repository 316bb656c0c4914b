import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { signAccessToken } from '@platform/auth';
import { GraphQLTestClient, TEST_PROCESSOR_SECRET_KEY, TEST_SESSION_SETTINGS, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';

/*
 * The built platform in its own OS process (`pnpm start`'s main.js, `pnpm
 * worker`'s worker.js, `pnpm cli`'s cli.js) on a test file's database and
 * sandbox processor, as a production deployment runs several of them on one
 * database.
 */

const DIST = path.join(__dirname, '../../services/gateway/dist');

export interface PlatformProcess {
  readonly child: ChildProcess;
  /** The gateway's GraphQL URL (http://127.0.0.1:PORT/graphql); null for a worker. */
  readonly url: string | null;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** Settles when the process has exited. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
}

/** Variables for one process over the shared ones; `undefined` removes a variable. */
export type ProcessEnvironment = Record<string, string | undefined>;

/** The environment every platform process of a test file shares: its database, its sandbox, no demo data. */
function platformEnvironment(platform: TestPlatform, env: ProcessEnvironment): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: platform.settings.adminUrl,
    DATABASE_NAME: platform.settings.databaseName,
    PROCESSOR_URL: platform.processorUrl,
    PROCESSOR_SECRET_KEY: TEST_PROCESSOR_SECRET_KEY,
    DEMO_DATA: 'false',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    // As on a test platform: jobs run when a test queues them, never because a schedule's minute came round meanwhile.
    JOBS_SCHEDULES: 'false',
    // Several processes run at once: each its own development mailbox on a free port, in a folder of the run's own.
    DEV_MAILBOX_PORT: '0',
    DEV_MAILBOX_DIR: path.join(os.tmpdir(), `platform-test-mail-${process.pid}`),
    DEV_SMS_DIR: path.join(os.tmpdir(), `platform-test-sms-${process.pid}`),
    ...env,
  };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return merged;
}

/** A gateway started with these checks staff tokens signed as the test platform signs them (staffOn). */
export const TEST_PLATFORM_SIGNING: ProcessEnvironment = {
  AUTH_TOKEN_SECRET: new TextDecoder().decode(TEST_SESSION_SETTINGS.secret),
  AUTH_TOKEN_ISSUER: TEST_SESSION_SETTINGS.issuer,
};

/** A staff member of Norwalk newly signed in with `role`, as a client of `gateway` (started with TEST_PLATFORM_SIGNING). */
export async function staffOn(platform: TestPlatform, gateway: PlatformProcess, role: 'ADMIN' | 'SUPPORT'): Promise<GraphQLTestClient> {
  await signInStaff(platform, 'norwalk', role);
  const [session] = await tenantRows<{ id: string; user_id: string; tenant_id: string }>(platform, 'norwalk', 'SELECT id, user_id, tenant_id FROM sessions ORDER BY created_at DESC LIMIT 1');
  const token = await signAccessToken(
    { tenantId: session!.tenant_id, userId: session!.user_id, sessionId: session!.id, roles: [role] },
    { ...TEST_SESSION_SETTINGS, now: new Date(), ttlSeconds: 15 * 60 },
  );
  return new GraphQLTestClient(gateway.url!).asTenant('norwalk').withHeaders({ authorization: `Bearer ${token}` });
}

/** Starts `pnpm start`'s program; resolves once its banner names the port it listens on. */
export async function startGatewayProcess(platform: TestPlatform, env: ProcessEnvironment = {}): Promise<PlatformProcess> {
  const started = launchGatewayProcess(platform, env);
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = /GraphQL \(HTTP and WebSocket\): (http:\/\/\S+\/graphql)/.exec(started.output());
      if (match) resolve(match[1]!);
    };
    started.child.stdout!.on('data', look);
    void started.exited.then(({ code, signal }) => reject(new Error(`the gateway exited (${code ?? signal}) before listening:\n${started.output()}`)));
  });
  return { ...started, url };
}

/** Starts `pnpm start`'s program without waiting for anything: for what happens while it starts. */
export function launchGatewayProcess(platform: TestPlatform, env: ProcessEnvironment = {}): PlatformProcess {
  return launch('main.js', platformEnvironment(platform, env));
}

/** Starts `pnpm worker`'s program (the job runner alone). */
export function startWorkerProcess(platform: TestPlatform, env: ProcessEnvironment = {}): PlatformProcess {
  return launch('worker.js', platformEnvironment(platform, env));
}

/** Runs `pnpm cli` with `args` (a command that works on the database: `migrate`, `tenant:list`). */
export function launchCliProcess(platform: TestPlatform, args: readonly string[], env: ProcessEnvironment = {}): PlatformProcess {
  return launch('cli.js', platformEnvironment(platform, env), args);
}

/** Polls `read` until `check` holds of what it returns; throws with the last value after `timeoutMs`. */
export async function eventually<T>(read: () => T | Promise<T>, check: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > end) throw new Error(`still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every process started here that has not exited (the test worker's: its files share this module). */
const running = new Set<ChildProcess>();

/**
 * Kills (SIGKILL) whatever was started here and is still running, and waits
 * for it to go: for an afterAll, since a test that timed out never reached its
 * own cleanup, and a live child would hold its ports and database into the
 * files after it, and outlive the run.
 */
export async function killLeftoverProcesses(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    }),
  );
}

function launch(program: string, env: NodeJS.ProcessEnv, args: readonly string[] = []): PlatformProcess {
  const child = spawn(process.execPath, [path.join(DIST, program), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, url: null, output: () => output, exited };
}
