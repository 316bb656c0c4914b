import type { IncomingMessage, ServerResponse } from 'node:http';
import { metricsRegistry } from '@platform/api';
import { settledWithin } from '@platform/core';
import type { DataSource } from 'typeorm';
import { bearerToken, isSameSecret } from '../request-context';
import { notificationHealthMetrics } from './gateway-gauges';

/** How long a scrape waits for the outbox's gauges (a scraper's timeout is a few seconds). */
const OUTBOX_READ_MS = 2_000;

/**
 * GET /metrics in Prometheus' text format, for a scraper holding the metrics
 * token (METRICS_TOKEN), which is not the operator's key: a scraper reads
 * counts, it cannot run the platform. Without a token configured there is no
 * /metrics at all.
 */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, token: string | null, db: DataSource): Promise<void> {
  if (token === null) return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
  const presented = bearerToken(req.headers.authorization);
  if (presented === null || !isSameSecret(presented, token)) {
    return void res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="metrics"' }).end(JSON.stringify({ error: 'a metrics token is required' }));
  }
  // The outbox's gauges are read from the database: during an outage they are left out, and the rest (the pool's
  // "waiting" gauge above all) still answers, when an operator needs it most.
  const outbox = await settledWithin(
    notificationHealthMetrics(db).catch(() => null),
    OUTBOX_READ_MS,
  );
  const body = `${await metricsRegistry.metrics()}\n${outbox ?? '# notification outbox gauges left out: the database did not answer\n'}`;
  res.writeHead(200, { 'content-type': metricsRegistry.contentType, 'cache-control': 'no-store' }).end(body);
}
