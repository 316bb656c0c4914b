import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLTestClient, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { eventually, startGatewayProcess, type PlatformProcess } from './platform-process';

/*
 * Issue 18 item 4: a gateway process with OTEL_EXPORTER_OTLP_ENDPOINT set
 * exports its traces over OTLP/HTTP to a collector stand-in (an HTTP server
 * here, decoding the JSON export): one makePayment is one trace holding the
 * GraphQL operation's span, its SQL statements' spans and the processor call's
 * span, and the request's log lines carry that trace's id.
 */

interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes?: readonly { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}
interface OtlpExport {
  readonly resourceSpans: readonly {
    readonly resource: { readonly attributes: readonly { key: string; value: { stringValue?: string } }[] };
    readonly scopeSpans: readonly { readonly spans: readonly OtlpSpan[] }[];
  }[];
}

const exports: { path: string; contentType: string | undefined; body: OtlpExport }[] = [];
let collector: Server;
let platform: TestPlatform;
let gateway: PlatformProcess;
beforeAll(async () => {
  collector = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      exports.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: JSON.parse(raw) as OtlpExport });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  platform = await startTestPlatform();
  gateway = await startGatewayProcess(platform, {
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'info',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
    OTEL_SERVICE_NAME: 'gateway-under-test',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
}, 60_000);
afterAll(async () => {
  gateway.child.kill('SIGTERM');
  await gateway.exited;
  await platform.close();
  await new Promise((resolve) => collector.close(resolve));
});

const spans = () => exports.flatMap((e) => e.body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
const attribute = (span: OtlpSpan, key: string) => span.attributes?.find((a) => a.key === key)?.value.stringValue;

it('one makePayment is one trace: the GraphQL operation, its SQL statements and the processor charge; its log lines carry the trace id', async () => {
  const paid = await pay(new GraphQLTestClient(gateway.url!).asTenant('norwalk'), {
    idempotencyKey: newKey('traced'),
    allocations: [{ accountNumber: '10-1001-00', amount: '2.00' }],
    token: await cardToken(platform),
    payerEmail: 'traced@example.com',
  });
  expect(paid.payment?.status).toBe('CAPTURED');

  const operation = (
    await eventually(
      () => spans().filter((span) => span.name === 'mutation makePayment'),
      (found) => found.length === 1,
      10_000,
    )
  )[0]!;
  const trace = await eventually(
    () => spans().filter((span) => span.traceId === operation.traceId),
    (found) =>
      found.some((span) => span.name === 'processor charge') && found.filter((span) => attribute(span, 'db.system') === 'postgresql' || attribute(span, 'db.system.name') === 'postgresql').length > 3,
    10_000,
  );
  // Exported as OTLP/HTTP JSON to the standard path, under the configured service name.
  expect(exports[0]).toMatchObject({ path: '/v1/traces', contentType: 'application/json' });
  expect(exports[0]!.body.resourceSpans[0]!.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'gateway-under-test' } });

  // The operation is the root, a server span; everything else in the trace descends from it.
  expect(operation.parentSpanId ?? '').toBe('');
  expect(operation.kind).toBe(2);
  expect(attribute(operation, 'graphql.operation.type')).toBe('mutation');
  const byId = new Map(trace.map((span) => [span.spanId, span]));
  const rootOf = (span: OtlpSpan): OtlpSpan => (span.parentSpanId && byId.has(span.parentSpanId) ? rootOf(byId.get(span.parentSpanId)!) : span);
  expect(trace.every((span) => rootOf(span) === operation)).toBe(true);

  // The processor call, a client span with its outcome; and the SQL statements, text without values.
  const charge = trace.filter((span) => span.name === 'processor charge');
  expect(charge).toHaveLength(1);
  expect(charge[0]!.kind).toBe(3);
  expect(attribute(charge[0]!, 'processor.outcome')).toBeDefined();
  const sql = trace.filter((span) => attribute(span, 'db.system') === 'postgresql' || attribute(span, 'db.system.name') === 'postgresql');
  const statements = sql.map((span) => attribute(span, 'db.statement') ?? attribute(span, 'db.query.text') ?? '');
  expect(statements.some((text) => /INSERT INTO "?payments"?/i.test(text))).toBe(true);
  expect(JSON.stringify(trace)).not.toContain('traced@example.com');

  // The request's log lines name the trace: read once the child has written the line (it logs a request as its answer
  // goes, and its output reaches us when the pipe is next read, which a loaded machine may leave for later).
  const requestTraceIds = () =>
    gateway
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; traceId?: string; path?: string })
      .filter((line) => line.msg === 'request' && line.path === '/graphql')
      .map((line) => line.traceId);
  expect(await eventually(requestTraceIds, (ids) => ids.includes(operation.traceId), 10_000)).toContain(operation.traceId);
}, 60_000);

it("continues the caller's trace when the request carries a traceparent header", async () => {
  const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpan = '00f067aa0ba902b7';
  const client = new GraphQLTestClient(gateway.url!).asTenant('norwalk').withHeaders({ traceparent: `00-${callerTrace}-${callerSpan}-01` });
  expect((await client.data<{ tenant: { name: string } }>('{ tenant { name } }')).tenant.name).toBe('City of Norwalk');
  const [operation] = await eventually(
    () => spans().filter((span) => span.name === 'query tenant' && span.traceId === callerTrace),
    (found) => found.length === 1,
    10_000,
  );
  expect(operation!.parentSpanId).toBe(callerSpan);
});

it('traces operations over WebSocket as over HTTP: a span per query, and per subscription until its stream starts, continuing a traceparent sent with the upgrade', async () => {
  const paid = await pay(new GraphQLTestClient(gateway.url!).asTenant('norwalk'), {
    idempotencyKey: newKey('traced-live'),
    allocations: [{ accountNumber: '10-1001-00', amount: '3.00' }],
    token: await cardToken(platform),
    payerEmail: 'traced-live@example.com',
  });
  const callerTrace = '0af7651916cd43dd8448eb211c80319c';
  const callerSpan = 'b7ad6b7169203331';
  const traceparent = `00-${callerTrace}-${callerSpan}-01`;
  const client = createClient({
    url: gateway.url!.replace(/^http/, 'ws'),
    connectionParams: { tenant: 'norwalk' },
    retryAttempts: 0,
    // As a service calling the gateway would: the upgrade request carries the caller's trace.
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols: string | string[]) {
        super(url, protocols, { headers: { traceparent } });
      }
    },
  });
  try {
    const live = client.iterate<{ paymentUpdated: { status: string } }>({
      query: 'subscription Live($number: String!, $token: String!) { paymentUpdated(confirmationNumber: $number, receiptToken: $token) { status } }',
      variables: { number: paid.payment!.confirmationNumber, token: paid.receiptToken! },
    });
    expect((await live.next()).value).toEqual({ data: { paymentUpdated: { status: 'PENDING' } } });
    await live.return?.();
    const asked = client.iterate<{ tenant: { name: string } }>({ query: '{ tenant { name } }' });
    expect((await asked.next()).value).toEqual({ data: { tenant: { name: 'City of Norwalk' } } });
  } finally {
    await client.dispose();
  }

  const operations = await eventually(
    () => spans().filter((span) => span.traceId === callerTrace),
    (found) => found.some((span) => span.name === 'subscription paymentUpdated') && found.some((span) => span.name === 'query tenant'),
    10_000,
  );
  for (const name of ['subscription paymentUpdated', 'query tenant']) {
    const span = operations.find((candidate) => candidate.name === name)!;
    expect(span.kind).toBe(2);
    expect(span.parentSpanId).toBe(callerSpan);
    expect(attribute(span, 'network.protocol.name')).toBe('websocket');
    expect(attribute(span, 'graphql.operation.type')).toBe(name.split(' ')[0]);
  }
  // Starting the subscription read the payment: its statements are the operation's children, without the values they carried.
  const subscription = operations.find((span) => span.name === 'subscription paymentUpdated')!;
  const statements = operations.filter((span) => span.parentSpanId === subscription.spanId && (attribute(span, 'db.system') ?? attribute(span, 'db.system.name')) === 'postgresql');
  expect(statements.length).toBeGreaterThan(0);
  expect(JSON.stringify(operations)).not.toContain(paid.receiptToken!);
});

it('traces nothing outside a request: no SQL span without a parent (the queue and pool stay out of it)', async () => {
  const orphans = spans().filter((span) => !span.parentSpanId && span.name !== 'mutation makePayment' && !/^(GET|POST|job) /.test(span.name) && !/^(query|mutation|subscription) /.test(span.name));
  expect(orphans.map((span) => span.name)).toEqual([]);
});
