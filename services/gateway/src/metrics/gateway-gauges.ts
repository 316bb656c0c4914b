import { metricsRegistry } from '@platform/api';
import { deliveryHealth } from '@platform/notifications';
import type { Pool } from 'pg';
import { Gauge, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/** What a running gateway instance reports when scraped. */
export interface GatewayLoad {
  webSockets(): number;
  subscriptions(): number;
  readonly db: DataSource;
}

/** The instances running in this process: a scrape sums them, as it counts the process. */
const running = new Set<GatewayLoad>();

const sum = (read: (load: GatewayLoad) => number) => [...running].reduce((total, load) => total + read(load), 0);

/** TypeORM's PostgreSQL driver keeps its pg Pool as `master`; not in its public types. */
const poolOf = (db: DataSource): Pool | undefined => (db.driver as unknown as { master?: Pool }).master;

new Gauge({
  name: 'websocket_connections',
  help: 'Open WebSocket connections.',
  registers: [metricsRegistry],
  collect() {
    this.set(sum((load) => load.webSockets()));
  },
});

new Gauge({
  name: 'event_subscriptions',
  help: 'Live event subscriptions (payment feed, payment updates, restoration requests) fed by this process.',
  registers: [metricsRegistry],
  collect() {
    this.set(sum((load) => load.subscriptions()));
  },
});

new Gauge({
  name: 'database_pool_connections',
  help: "The app role's database connections: in_use, idle, and waiting (requests queued for a connection).",
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  collect() {
    const pools = [...new Set([...running].map((load) => poolOf(load.db)))].filter((pool): pool is Pool => pool !== undefined);
    const total = (read: (pool: Pool) => number) => pools.reduce((n, pool) => n + read(pool), 0);
    this.set(
      { state: 'in_use' },
      total((pool) => pool.totalCount - pool.idleCount),
    );
    this.set(
      { state: 'idle' },
      total((pool) => pool.idleCount),
    );
    this.set(
      { state: 'waiting' },
      total((pool) => pool.waitingCount),
    );
  },
});

/**
 * Notification delivery's health, read from the outbox of the scraped
 * gateway's own database at scrape time (one query per city), so every
 * instance reports the same numbers: alert on FAILED growing, or on the
 * oldest PENDING message getting old. In a registry of its own per scrape,
 * not the process's: a process running more than one gateway (tests do)
 * would otherwise report whichever gateway's database it reached first.
 */
export async function notificationHealthMetrics(db: DataSource): Promise<string> {
  const registry = new Registry();
  const failed = new Gauge({ name: 'notifications_failed', help: 'Messages given up on (FAILED), by city.', labelNames: ['city'] as const, registers: [registry] });
  const oldest = new Gauge({
    name: 'notifications_oldest_pending_age_seconds',
    help: 'Age of the oldest message waiting to be sent (PENDING), by city; 0 when none waits.',
    labelNames: ['city'] as const,
    registers: [registry],
  });
  for (const city of await deliveryHealth(db, new Date())) {
    failed.set({ city: city.city }, city.failed);
    oldest.set({ city: city.city }, city.oldestPendingAgeSeconds ?? 0);
  }
  return registry.metrics();
}

/** Reports a running gateway in this process's gauges; returns the function that stops (call it on close). */
export function reportGatewayLoad(load: GatewayLoad): () => void {
  running.add(load);
  return () => running.delete(load);
}
