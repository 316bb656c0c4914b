import { Writable } from 'node:stream';
import { appUrl } from '@platform/db';
import { buildGatewaySchema, createLogger, createServiceModules, paymentsSettingsFor, startGateway, type RunningGateway } from '@platform/gateway';
import { DEFAULT_PHONE_SETTINGS } from '@platform/phone';
import { GraphQLTestClient, TEST_OPERATOR_KEY, TEST_PROCESSOR_SECRET_KEY, TEST_SESSION_SETTINGS, startTestPlatform, type TestPlatform } from '@platform/testkit';

/*
 * A gateway as a production deployment that keeps its schema to itself runs
 * it (GRAPHQL_INTROSPECTION=false), beside the test platform's own, on its
 * database: a client learns no field or type it did not name, over either
 * transport.
 */

let platform: TestPlatform;
let gateway: RunningGateway;
let client: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  const payments = paymentsSettingsFor({ url: platform.processorUrl, secretKey: TEST_PROCESSOR_SECRET_KEY, timeoutMs: 5000, tokenizeUrl: undefined, hostedFieldsUrl: undefined, sandboxPort: 0 });
  const modules = createServiceModules({ sessions: TEST_SESSION_SETTINGS, payments, phone: DEFAULT_PHONE_SETTINGS });
  gateway = await startGateway({
    eventsListenUrl: appUrl(platform.settings),
    eventCursorSecret: TEST_SESSION_SETTINGS.secret,
    deps: {
      db: platform.db,
      clock: platform.clock,
      log: createLogger('info', new Writable({ write: (_chunk, _encoding, done) => done() })),
      operatorKey: TEST_OPERATOR_KEY,
      sessions: TEST_SESSION_SETTINGS,
      trustProxy: false,
      developmentOrigins: [],
    },
    modules,
    schema: await buildGatewaySchema(modules),
    host: '127.0.0.1',
    port: 0,
    introspection: false,
    graphiql: false,
    maxRequestBytes: 1_000_000,
    demoTenants: [],
  });
  client = new GraphQLTestClient(gateway.url).asTenant('norwalk');
});
afterAll(async () => {
  await gateway?.close();
  await platform.close();
});

/** The errors of one operation over graphql-ws (it rejects with a refused document's errors). */
async function overWebSocket(query: string): Promise<readonly { message: string; extensions?: { code?: string } }[] | undefined> {
  const socket = client.openSocket();
  try {
    const [result] = await socket.collect(query).catch((errors: readonly { message: string; extensions?: { code?: string } }[]) => [{ errors }]);
    return result?.errors;
  } finally {
    await socket.close();
  }
}

describe('with introspection off', () => {
  it('a misspelt field is refused without a "Did you mean" naming the schema, over HTTP and WebSocket alike', async () => {
    const query = '{ tenant { nam } tenan { name } }';
    const refused = [
      ['Cannot query field "nam" on type "Tenant".', 'GRAPHQL_VALIDATION_FAILED'],
      ['Cannot query field "tenan" on type "Query".', 'GRAPHQL_VALIDATION_FAILED'],
    ];
    expect((await client.request(query)).errors?.map((error) => [error.message, error.extensions?.code])).toEqual(refused);
    expect((await overWebSocket(query))?.map((error) => [error.message, error.extensions?.code])).toEqual(refused);
  });
});
