import { startTracing } from './tracing';

/**
 * Tracing, started when this module is first imported: the first import of
 * the process's entry points (main.ts, worker.ts), before anything loads
 * `pg`. Null when the OTEL_* variables do not ask for traces.
 */
export const tracing = startTracing(process.env.OTEL_SERVICE_NAME ?? (process.argv[1]?.endsWith('worker.js') ? 'platform-worker' : 'platform-gateway'));
