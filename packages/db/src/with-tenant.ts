import { isUuid } from '@platform/core';
import type { DataSource, EntityManager } from 'typeorm';
import type { BoundStatement, PipelineClient, PreparedStatement } from './statement-pipeline';

/** What tenant-scoped data access needs from a request (or job) context. */
export interface TenantScope {
  readonly db: DataSource;
  readonly tenant: { readonly id: string };
}

/**
 * The one door to tenant data: runs `fn` in a transaction whose
 * `app.tenant_id` is the scope's tenant, so row-level security shows and
 * accepts only that tenant's rows. The setting is transaction-local
 * (`set_config(..., true)`), so a pooled connection never carries it over.
 *
 * The transaction opens with its first statement, in the same round trip
 * (START TRANSACTION and the setting ride ahead of it), and a transaction
 * that sent nothing commits nothing.
 */
export async function withTenant<T>(scope: TenantScope, fn: (manager: EntityManager) => Promise<T>, options: TenantTransactionOptions = {}): Promise<T> {
  const tenantId = scope.tenant.id;
  if (!isUuid(tenantId)) throw new Error(`withTenant: tenant id must be a UUID, got "${tenantId}"`);
  const committed: AfterCommit[] = [];
  const runner = scope.db.createQueryRunner();
  const state = runner as unknown as { isTransactionActive: boolean; query: RunnerQuery };
  const query = runner.query.bind(runner) as RunnerQuery;
  let opening: TransactionOpening | null = null;
  let result: T;
  try {
    opening = new TransactionOpening((await runner.connect()) as OpeningConnection, tenantId, options);
    const opened = opening;
    // Every statement TypeORM sends for `fn` passes here. The first one sends the opening on its own, and does not wait
    // for it: the driver sends the statement after it anyway, so TypeORM builds the statement meanwhile.
    state.query = async (...args) => {
      const [, result] = await Promise.all([opened.open(), query(...args)]);
      return result;
    };
    // TypeORM must know a transaction is open, or a `save()` in `fn` would open one of its own and commit ours early.
    state.isTransactionActive = true;
    const hooks: BeforeCommit[] = [];
    openings.set(runner.manager, opening);
    beforeCommitHooks.set(runner.manager, hooks);
    afterCommitHooks.set(runner.manager, committed);
    result = await fn(runner.manager);
    for (const hook of hooks) await hook();
    if (opening.isOpen) await query('COMMIT');
    state.isTransactionActive = false;
  } catch (error) {
    if (state.isTransactionActive) {
      state.isTransactionActive = false;
      if (opening?.isOpen) await query('ROLLBACK').catch(() => undefined);
    }
    throw error;
  } finally {
    await runner.release();
  }
  for (const hook of committed) hook();
  return result;
}

/** QueryRunner.query, as TypeORM calls it (a structured result for its query builders). */
type RunnerQuery = (...args: [query: string, parameters?: unknown[], useStructuredResult?: boolean]) => Promise<unknown>;

/** What the opening needs of the driver's connection: a plain query, or a pipeline (sendPipeline). */
type OpeningConnection = PipelineClient & { query(text: string): Promise<unknown> };

/**
 * How a withTenant transaction opens: START TRANSACTION and the tenant
 * setting, sent once, ahead of the transaction's first statement.
 */
class TransactionOpening {
  private opened: Promise<unknown> | null = null;

  constructor(
    private readonly connection: OpeningConnection,
    private readonly tenantId: string,
    private readonly options: TenantTransactionOptions,
  ) {}

  get isOpen(): boolean {
    return this.opened !== null;
  }

  /**
   * Opens the transaction on its own, if nothing has: one message of the simple protocol carries both statements,
   * which needs the id written into the text. It is a checked UUID (hex digits and dashes), so it can close no quote.
   */
  open(): Promise<unknown> {
    return (this.opened ??= this.connection.query(`START TRANSACTION; SELECT ${settingCalls(`'${this.tenantId}'`, this.options)}`));
  }

  /**
   * Runs `send` with the statements that open the transaction, to send in one
   * pipeline ahead of its own (none once it is open); whatever else the
   * transaction sends meanwhile waits for it.
   */
  openWith<T>(send: (opening: readonly BoundStatement[]) => Promise<T>): Promise<T> {
    if (this.opened) return this.opened.then(() => send([]));
    const sent = send([START_TRANSACTION, tenantSetting(this.tenantId, this.options)]);
    this.opened = sent;
    return sent;
  }
}

const START_TRANSACTION: BoundStatement = { statement: { name: 'db.start-transaction', text: 'START TRANSACTION' }, values: [] };

/** The statements that set a transaction's tenant, flushing its commit or not, or read-only: every transaction's first, so prepared. */
const TENANT_SETTING: PreparedStatement = { name: 'db.tenant-setting', text: `SELECT ${settingCalls('$1', {})}` };
const TENANT_SETTING_NO_FLUSH: PreparedStatement = { name: 'db.tenant-setting-no-flush', text: `SELECT ${settingCalls('$1', { waitForFlush: false })}` };
const TENANT_SETTING_READ_ONLY: PreparedStatement = { name: 'db.tenant-setting-read-only', text: `SELECT ${settingCalls('$1', { readOnly: true })}` };

/** The statement that sets a transaction's tenant (and its commit mode, or that it only reads), as its first. */
export function tenantSetting(tenantId: string, options: TenantTransactionOptions): BoundStatement {
  const statement = options.readOnly ? TENANT_SETTING_READ_ONLY : options.waitForFlush === false ? TENANT_SETTING_NO_FLUSH : TENANT_SETTING;
  return { statement, values: [tenantId] };
}

/** The calls that set a transaction's tenant (given as SQL: a parameter or a checked literal) and its commit mode, local to it. */
function settingCalls(tenantIdSql: string, options: TenantTransactionOptions): string {
  const tenant = `set_config('app.tenant_id', ${tenantIdSql}, true)`;
  if (options.readOnly) return `${tenant}, set_config('transaction_read_only', 'on', true)`;
  return options.waitForFlush === false ? `${tenant}, set_config('synchronous_commit', 'off', true)` : tenant;
}

const openings = new WeakMap<EntityManager, TransactionOpening>();

/** The opening of a withTenant transaction, for runPrepared to send ahead of its statement. */
export function openingOf(manager: EntityManager): TransactionOpening {
  const opening = openings.get(manager);
  if (!opening) throw new Error('a prepared statement needs a transaction opened by withTenant');
  return opening;
}

export interface TenantTransactionOptions {
  /**
   * False for bookkeeping a database crash may lose the last moment of
   * (rate-limit counters): the commit does not wait for the WAL to reach the
   * disk (synchronous_commit off, for this transaction only), so it does not
   * queue behind every other commit's flush. Never for money, nor for
   * anything a later step relies on having survived. Default true.
   */
  readonly waitForFlush?: boolean;
  /** True for a transaction that only reads: a statement in it that writes fails (it commits nothing to flush). Default false. */
  readonly readOnly?: boolean;
}

type BeforeCommit = () => Promise<void>;
const beforeCommitHooks = new WeakMap<EntityManager, BeforeCommit[]>();

/**
 * Runs `hook` as the last work of a `withTenant` transaction, after the
 * caller's function and before commit: for what sums up the transaction's
 * work in one write (its events), whatever order the caller did it in.
 */
export function beforeCommit(manager: EntityManager, hook: BeforeCommit): void {
  const hooks = beforeCommitHooks.get(manager);
  if (!hooks) throw new Error('beforeCommit needs a transaction opened by withTenant');
  hooks.push(hook);
}

type AfterCommit = () => void;
const afterCommitHooks = new WeakMap<EntityManager, AfterCommit[]>();

/**
 * Runs `hook` once the `withTenant` transaction has committed, never if it
 * rolls back: for what must only count what happened (metrics). Hooks are
 * synchronous and must not throw; the caller has its result by then.
 */
export function afterCommit(manager: EntityManager, hook: AfterCommit): void {
  const hooks = afterCommitHooks.get(manager);
  if (!hooks) throw new Error('afterCommit needs a transaction opened by withTenant');
  hooks.push(hook);
}
