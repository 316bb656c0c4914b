import type { DataSource } from 'typeorm';
import type { Tenant } from './tenant';

/*
 * The city registry is read by every request (host name -> city, settings)
 * and changes a few times a year, so a gateway keeps it in memory. The rule
 * that keeps the copy right: it is only kept while the process is told of
 * every change. A trigger on `tenants` NOTIFYs `tenant_changed` in the
 * changing transaction; the gateway LISTENs (tenant-registry-listener.ts)
 * and forgets the whole copy on each notification, and turns the cache off
 * whenever its LISTEN connection is down (a notification may be lost then).
 * The instance that made a change forgets at once, without waiting for its
 * own notification. Processes that never listen (CLI, jobs in a script)
 * simply read the table every time.
 */

type Entries = Map<string, Promise<Tenant | null>>;
const caches = new WeakMap<DataSource, Entries>();

/** Starts keeping `db`'s registry in memory, empty; call only while listening for `tenant_changed`. */
export function startTenantCache(db: DataSource): void {
  caches.set(db, new Map());
}

/** Stops keeping it (the LISTEN connection is down, or the process is stopping). */
export function stopTenantCache(db: DataSource): void {
  caches.delete(db);
}

/** Forgets every city read so far: the next request reads the table again. */
export function forgetCachedTenants(db: DataSource): void {
  caches.get(db)?.clear();
}

/**
 * The city for `slug` from the copy, or `load`ed and kept. Misses are not
 * kept (an unknown host name costs a query, not memory). A change arriving
 * while a read is in flight clears the map that read's promise sits in, so
 * a stale read is never kept past the notification.
 */
export function cachedTenant(db: DataSource, slug: string, load: () => Promise<Tenant | null>): Promise<Tenant | null> {
  const entries = caches.get(db);
  if (!entries) return load();
  const known = entries.get(slug);
  if (known) return known;
  const loading = load().then(
    (tenant) => {
      if (!tenant && entries.get(slug) === loading) entries.delete(slug);
      return tenant;
    },
    (error: unknown) => {
      if (entries.get(slug) === loading) entries.delete(slug);
      throw error;
    },
  );
  entries.set(slug, loading);
  return loading;
}
