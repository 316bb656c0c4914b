import { isUuid } from '@platform/core';
import type { DataSource, EntityManager } from 'typeorm';

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
 */
export async function withTenant<T>(scope: TenantScope, fn: (manager: EntityManager) => Promise<T>, options: TenantTransactionOptions = {}): Promise<T> {
  const tenantId = scope.tenant.id;
  if (!isUuid(tenantId)) throw new Error(`withTenant: tenant id must be a UUID, got "${tenantId}"`);
  const committed: AfterCommit[] = [];
  const runner = scope.db.createQueryRunner();
  const state = runner as { isTransactionActive: boolean };
  let result: T;
  try {
    const connection = (await runner.connect()) as { query(text: string): Promise<unknown> };
    // One round trip instead of two (START TRANSACTION, then the setting): the simple protocol takes both statements in
    // one message, which needs the id written into the text. It is a checked UUID (hex digits and dashes), so it can
    // close no quote.
    await connection.query(`START TRANSACTION; SELECT set_config('app.tenant_id', '${tenantId}', true)${options.waitForFlush === false ? `, set_config('synchronous_commit', 'off', true)` : ''}`);
    // TypeORM must know a transaction is open, or a `save()` in `fn` would open one of its own and commit ours early.
    state.isTransactionActive = true;
    const hooks: BeforeCommit[] = [];
    beforeCommitHooks.set(runner.manager, hooks);
    afterCommitHooks.set(runner.manager, committed);
    result = await fn(runner.manager);
    for (const hook of hooks) await hook();
    await runner.query('COMMIT');
    state.isTransactionActive = false;
  } catch (error) {
    if (state.isTransactionActive) {
      state.isTransactionActive = false;
      await runner.query('ROLLBACK').catch(() => undefined);
    }
    throw error;
  } finally {
    await runner.release();
  }
  for (const hook of committed) hook();
  return result;
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
