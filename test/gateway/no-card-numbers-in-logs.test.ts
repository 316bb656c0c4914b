import { withClient } from '@platform/db';
import { CARD_NUMBER_REDACTED, cardNumbersIn, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import type { GraphQLSchema } from 'graphql';
import { signInStaff } from '../billing/billing-api';
import { argumentLeaves, documentFor, rootFields, servedSchema, variablesWith, type ArgumentLeaf } from './schema-walk';

let platform: TestPlatform;
let schema: GraphQLSchema;
let callers: { name: string; client: GraphQLTestClient }[];
beforeAll(async () => {
  // Card numbers typed into free text are stored until their own rule refuses them; this file is about the logs.
  platform = await startTestPlatform();
  schema = await servedSchema(platform.client);
  callers = [
    { name: 'guest', client: platform.client.asTenant('norwalk') },
    { name: 'ADMIN', client: await signInStaff(platform, 'norwalk', 'ADMIN') },
    { name: 'operator', client: platform.operator },
  ];
});
afterAll(() => platform.close());

// Visa, Mastercard, American Express and Discover test numbers, unbroken, spaced and dashed as people type them.
const CARD_NUMBERS = ['4111111111111111', '5555 5555 5555 4444', '3782-822463-10005', '6011111111111117'];

async function send(client: GraphQLTestClient, leaf: ArgumentLeaf, value: string): Promise<void> {
  const { field } = rootFields(schema).find((root) => root.operation === leaf.operation && root.field.name === leaf.field)!;
  const document = documentFor(leaf.operation, field);
  const variables = variablesWith(field, leaf.path, value);
  if (leaf.operation !== 'subscription') {
    await client.request(document, variables);
    return;
  }
  const socket = client.openSocket();
  try {
    await socket.collect(document, variables, 1).catch(() => undefined);
  } finally {
    await socket.close();
  }
}

it('a card number sent into every argument of every operation (the schema walked, nested input fields too) reaches no log line', async () => {
  const leaves = argumentLeaves(schema);
  const fields = new Set(leaves.map((leaf) => leaf.field));
  // Where the issue saw them leak, and the three kinds of operation, are all among the leaves walked.
  for (const name of ['makePayment', 'serviceAccount', 'paymentUpdated', 'payments']) expect(fields).toContain(name);
  expect(leaves.some((leaf) => leaf.path.join('.') === 'input.savedMethodId')).toBe(true);
  const linesBefore = platform.logLines().length;
  const sends = callers.flatMap(({ client }) => leaves.map((leaf, index) => () => send(client, leaf, CARD_NUMBERS[index % CARD_NUMBERS.length]!)));
  // Eight at a time, so that one's wait on the database overlaps another's work: what is checked is every line logged,
  // whatever the order.
  let next = 0;
  let sent = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < sends.length) {
        await sends[next++]!();
        sent++;
      }
    }),
  );
  expect(sent).toBeGreaterThan(300);
  const lines = platform.logLines().slice(linesBefore).join('\n');
  expect(cardNumbersIn(lines)).toEqual([]);
  // Nor did any number get as far as the logger's last line of defence: nothing logs a request's values.
  expect(lines).not.toContain(CARD_NUMBER_REDACTED);
  // Hundreds of requests: about 7 s alone, over 30 s beside a loaded machine's other test files.
}, 90_000);

it('an unexpected error is logged with the operation name and a hash of the document, never the variables or the values its error kept', async () => {
  const create = 'mutation CreateCity($slug: String!) { createTenant(input: { slug: $slug, name: "Test City", timezone: "America/Chicago" }) { userErrors { code } } }';
  await refusedByTheDatabase(async () => {
    const linesBefore = platform.logLines().length;
    const answer = await platform.operator.request(create, { slug: 'plain-secret-slug' });
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    const errorLine = platform
      .logLines()
      .slice(linesBefore)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === 'resolver error');
    expect(errorLine).toMatchObject({ operationName: 'CreateCity', queryHash: expect.stringMatching(/^[0-9a-f]{64}$/), err: { type: 'QueryFailedError', code: 'P0001' } });
    // What and where only: TypeORM's `parameters` and PostgreSQL's `detail` carried the slug, as any statement's would carry a request's values.
    expect(Object.keys(errorLine!.err as object).sort()).toEqual(['code', 'message', 'stack', 'type']);
    expect(JSON.stringify(errorLine)).not.toMatch(/variables|parameters|detail/);

    // A card number the database's own message quotes is taken out of the line as it is written.
    const before = platform.logLines().length;
    await platform.operator.request(create, { slug: '4242424242424242' });
    const written = platform.logLines().slice(before).join('\n');
    expect(written).toContain(`tenant ${CARD_NUMBER_REDACTED} refused`);
    expect(cardNumbersIn(written)).toEqual([]);
  });
});

/** While `during` runs, the database fails every new city the way a driver error does: quoting the value, in its message and its detail. */
async function refusedByTheDatabase(during: () => Promise<void>): Promise<void> {
  const url = new URL(platform.settings.adminUrl);
  url.pathname = `/${platform.settings.databaseName}`;
  const sql = (statement: string) => withClient(url.toString(), (admin) => admin.query(statement));
  await sql(`CREATE FUNCTION refuse_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'tenant % refused', NEW.slug USING DETAIL = 'Key (slug)=(' || NEW.slug || ')'; END $$`);
  await sql('CREATE TRIGGER refuse_tenant BEFORE INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION refuse_tenant()');
  try {
    await during();
  } finally {
    await sql('DROP TRIGGER refuse_tenant ON tenants');
    await sql('DROP FUNCTION refuse_tenant()');
  }
}
