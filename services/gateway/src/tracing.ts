import { SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Span } from '@opentelemetry/api';
import type * as Core from '@opentelemetry/core';
import type * as ContextAsyncHooks from '@opentelemetry/context-async-hooks';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as InstrumentationPg from '@opentelemetry/instrumentation-pg';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkTrace from '@opentelemetry/sdk-trace';

/*
 * Traces with OpenTelemetry, configured by the standard OTEL_* variables
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, headers,
 * timeouts, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER
 * and _ARG, OTEL_BSP_*), exported as OTLP/HTTP JSON. Off unless an OTLP endpoint or
 * OTEL_TRACES_EXPORTER=otlp is set; off, the SDK, the exporter and the pg
 * instrumentation are never loaded, and the helpers below call straight
 * through. On: a span per GraphQL request over HTTP (named by its operation),
 * per operation over WebSocket (websocket.ts) and per job attempt; per SQL statement inside them (pg instrumentation, statement text only: never
 * the values it carried), per processor call; and every log line written
 * inside a span carries its traceId and spanId.
 */

let enabled = false;

/** Whether the OTEL_* variables ask for traces. */
export function tracingWanted(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = env.OTEL_TRACES_EXPORTER?.split(',').map((name) => name.trim().toLowerCase()) ?? [];
  if (exporters.some((name) => name !== '')) return exporters.includes('otlp');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

export interface Tracing {
  /** Sends what is still buffered and stops. */
  shutdown(): Promise<void>;
}

/**
 * Starts tracing if the environment asks for it; null if not. Must run
 * before `pg` is first required (the first import of main.ts and worker.ts),
 * so that the instrumentation sees it loaded.
 */
export function startTracing(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): Tracing | null {
  if (!tracingWanted(env)) return null;
  // Loaded here and only here, so that a process without tracing never loads the SDK.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const sdk = require('@opentelemetry/sdk-trace') as typeof SdkTrace;
  const { W3CTraceContextPropagator } = require('@opentelemetry/core') as typeof Core;
  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks') as typeof ContextAsyncHooks;
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof InstrumentationPg;
  const { detectResources, envDetector, resourceFromAttributes } = require('@opentelemetry/resources') as typeof Resources;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const resource = resourceFromAttributes({ 'service.name': defaultServiceName }).merge(detectResources({ detectors: [envDetector] }));
  const batch = {
    scheduledDelayMillis: whole(env.OTEL_BSP_SCHEDULE_DELAY),
    maxExportBatchSize: whole(env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE),
    maxQueueSize: whole(env.OTEL_BSP_MAX_QUEUE_SIZE),
    exportTimeoutMillis: whole(env.OTEL_BSP_EXPORT_TIMEOUT),
  };
  const provider = new sdk.TracerProvider({
    resource,
    sampler: samplerFrom(sdk, env),
    spanProcessors: [new sdk.BatchSpanProcessor({ exporter: new OTLPTraceExporter(), ...Object.fromEntries(Object.entries(batch).filter(([, value]) => value !== undefined)) })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  // A request's `traceparent` (from a proxy or a traced client) makes its span a child of the caller's.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  // Statements inside a traced request or job only: not the queue's polling nor the pool's own traffic.
  const pg = new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false });
  pg.setTracerProvider(provider);
  enabled = true;
  return {
    async shutdown() {
      enabled = false;
      pg.disable();
      await provider.shutdown();
    },
  };
}

function whole(value: string | undefined): number | undefined {
  const number = Number(value);
  return value?.trim() && Number.isInteger(number) && number > 0 ? number : undefined;
}

/** OTEL_TRACES_SAMPLER (and its _ARG, a ratio), as the specification names them; parent-based, always on, by default. */
function samplerFrom(sdk: typeof SdkTrace, env: NodeJS.ProcessEnv): SdkTrace.Sampler {
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG ?? '1');
  const fraction = Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : 1;
  switch (env.OTEL_TRACES_SAMPLER?.trim().toLowerCase()) {
    case 'always_on':
      return new sdk.AlwaysOnSampler();
    case 'always_off':
      return new sdk.AlwaysOffSampler();
    case 'traceidratio':
      return new sdk.TraceIdRatioBasedSampler(fraction);
    case 'parentbased_always_off':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(fraction) });
    default:
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() });
  }
}

/**
 * Runs `fn` inside a new active span, a child of the active one or, for a
 * server span, of the trace the request's `traceparent` header names; off,
 * just runs `fn`.
 */
export function inSpan<T>(
  name: string,
  kind: 'server' | 'client' | 'internal',
  attributes: Attributes,
  fn: (span: Span | null) => Promise<T>,
  incomingHeaders?: Readonly<Record<string, string | string[] | undefined>>,
): Promise<T> {
  if (!enabled) return fn(null);
  const spanKind = kind === 'server' ? SpanKind.SERVER : kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL;
  const parent = incomingHeaders ? propagation.extract(context.active(), incomingHeaders) : context.active();
  return trace.getTracer('@platform/gateway').startActiveSpan(name, { kind: spanKind, attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error instanceof Error ? { name: error.name, message: error.message } : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active span, to name or annotate it; null when tracing is off or no span is active. */
export function activeSpan(): Span | null {
  return enabled ? (trace.getActiveSpan() ?? null) : null;
}

/** For every log line (pino's mixin): the trace and span it was written in, if any. */
export function traceFields(): { traceId?: string; spanId?: string } {
  const span = activeSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}
