import { Counter, Histogram, Registry } from 'prom-client';

/*
 * The platform's Prometheus metrics. One registry per process, as Prometheus
 * sees it: a scrape describes the process it reaches, so two gateways in one
 * process (tests) add up. Labels are bounded on purpose: a city's slug, a
 * status, a task, an operation's root field; never a user, account or
 * payment id, which would make a series per person.
 */
export const metricsRegistry = new Registry();

/** Seconds: from a fast query to a slow processor call. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const platformMetrics = {
  graphqlOperations: new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations, by type and first root field ("mutation makePayment"), transport (http, websocket) and outcome ("ok" or the first error code); a subscription counts once, when it starts.',
    labelNames: ['operation', 'transport', 'outcome'] as const,
    registers: [metricsRegistry],
  }),
  graphqlDuration: new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time to answer a GraphQL operation (a subscription: to start it), by type and first root field, and transport.',
    labelNames: ['operation', 'transport'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [metricsRegistry],
  }),
  rateLimitRefusals: new Counter({
    name: 'rate_limit_refusals_total',
    help: 'Requests refused by a rate limit, by operation.',
    labelNames: ['operation'] as const,
    registers: [metricsRegistry],
  }),
  paymentTransitions: new Counter({
    name: 'payment_transitions_total',
    help: 'Payments that moved into a status (committed), by city, channel (WEB, PHONE, COUNTER, AUTOPAY), method kind and status.',
    labelNames: ['city', 'channel', 'method', 'status'] as const,
    registers: [metricsRegistry],
  }),
  processorCalls: new Counter({
    name: 'processor_calls_total',
    help: 'Calls to the payment processor, by call and outcome (OK, DECLINED, REJECTED, or UNKNOWN: no answer we could trust).',
    labelNames: ['call', 'outcome'] as const,
    registers: [metricsRegistry],
  }),
  processorDuration: new Histogram({
    name: 'processor_call_duration_seconds',
    help: 'Time the payment processor took to answer, by call.',
    labelNames: ['call'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [metricsRegistry],
  }),
  jobs: new Counter({
    name: 'jobs_total',
    help: 'Job attempts, by task and outcome (succeeded, failed).',
    labelNames: ['task', 'outcome'] as const,
    registers: [metricsRegistry],
  }),
  jobLag: new Histogram({
    name: 'job_start_lag_seconds',
    help: 'From when a job was due to when an attempt started, by task.',
    labelNames: ['task'] as const,
    buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [metricsRegistry],
  }),
  eventDeliveryLag: new Histogram({
    name: 'event_delivery_lag_seconds',
    help: 'From when an event happened to when this instance handed it to its subscribers.',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metricsRegistry],
  }),
};
