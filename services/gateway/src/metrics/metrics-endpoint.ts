import type { IncomingMessage, ServerResponse } from 'node:http';
import { metricsRegistry } from '@platform/api';
import type { DataSource } from 'typeorm';
import { bearerToken, isSameSecret } from '../request-context';
import { notificationHealthMetrics } from './gateway-gauges';

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
  const body = `${await metricsRegistry.metrics()}\n${await notificationHealthMetrics(db)}`;
  res.writeHead(200, { 'content-type': metricsRegistry.contentType, 'cache-control': 'no-store' }).end(body);
}
