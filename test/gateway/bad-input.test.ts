import { GraphQLTestClient, startTestPlatform, type TestPlatform } from '@platform/testkit';
import type { GraphQLSchema } from 'graphql';
import { signInStaff } from '../billing/billing-api';
import { argumentLeaves, documentFor, rootFields, servedSchema, variablesWith, type ArgumentLeaf } from './schema-walk';

let platform: TestPlatform;
let schema: GraphQLSchema;
let admin: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  schema = await servedSchema(platform.client);
  admin = await signInStaff(platform, 'norwalk', 'ADMIN');
});
afterAll(() => platform.close());

type Answer = { status: number; data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };

/** Sends `value` at one leaf of one operation (over WebSocket for subscriptions), as a Norwalk ADMIN. */
async function send(leaf: ArgumentLeaf, value: unknown): Promise<Answer> {
  const { field } = rootFields(schema).find((root) => root.operation === leaf.operation && root.field.name === leaf.field)!;
  const document = documentFor(leaf.operation, field);
  const variables = variablesWith(field, leaf.path, value);
  if (leaf.operation !== 'subscription') return admin.request(document, variables);
  const socket = admin.openSocket();
  try {
    const [first] = await socket.collect(document, variables, 1).catch((errors: Answer['errors']) => [{ errors }]);
    return { status: 0, ...first };
  } finally {
    await socket.close();
  }
}

const errorLines = () => platform.logLines().filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

describe('ids are UUIDs, with one typed error', () => {
  const INVALID_ID = { message: 'Not a valid id: ids are UUIDs.', extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_ID' } };

  it('every id argument and input field of every operation refuses a non-UUID the same way, without repeating it or logging it', async () => {
    const leaves = argumentLeaves(schema).filter((leaf) => leaf.typeName === 'UUID');
    // The operations the issue found answering INTERNAL_SERVER_ERROR are among those walked.
    const walked = new Set(leaves.map((leaf) => leaf.field));
    for (const name of ['serviceAccount', 'approveRestoration', 'markAccountDisconnected', 'closeServiceAccount', 'recordAccountAdjustment', 'unlinkServiceAccount', 'payments'])
      expect(walked).toContain(name);
    const errorsBefore = errorLines().length;
    for (const leaf of leaves) {
      for (const bad of ['not-a-uuid', '4111111111111111', '', '00000000-0000-0000-0000-00000000000g']) {
        const answer = await send(leaf, bad);
        const where = `${leaf.operation} ${leaf.field} ${leaf.path.join('.')} = ${JSON.stringify(bad)}`;
        expect([where, answer.errors?.map(({ message, extensions }) => ({ message, extensions }))]).toEqual([where, [INVALID_ID]]);
        if (leaf.operation !== 'subscription') expect([where, answer.status]).toEqual([where, 400]);
        if (bad) expect(JSON.stringify(answer)).not.toContain(bad);
      }
    }
    expect(errorLines().slice(errorsBefore)).toEqual([]);
  });

  it('a literal id in the document gets the same answer as a variable', async () => {
    const answer = await admin.request('{ serviceAccount(id: "10-1001-00") { id } }');
    expect(answer.status).toBe(400);
    expect(answer.errors?.map(({ message, extensions }) => ({ message, extensions }))).toEqual([INVALID_ID]);
  });

  it('a UUID in capitals is the same id', async () => {
    const { serviceAccounts } = await admin.data<{ serviceAccounts: { edges: { node: { id: string } }[] } }>('{ serviceAccounts(first: 1) { edges { node { id } } } }');
    const id = serviceAccounts.edges[0]!.node.id;
    expect(await admin.data('query A($id: UUID!) { serviceAccount(id: $id) { id } }', { id: id.toUpperCase() })).toEqual({ serviceAccount: { id } });
  });
});

describe('text with a NUL, a control character, a direction override or a lone surrogate is refused at the edge', () => {
  const BAD_TEXT = {
    'a NUL byte': 'Pat\u0000Payer',
    'a lone high surrogate': 'Pat \ud83d Payer',
    'a lone low surrogate': '\ude00 Pat',
    'a terminal escape sequence': 'Pat\u001b[2JPayer',
    'a right-to-left override': 'Pat \u202eyaP',
  };

  it.each(Object.entries(BAD_TEXT))('with %s: a mutation with userErrors answers INVALID_TEXT at the argument path; anything else BAD_USER_INPUT; nothing is logged', async (_label, bad) => {
    // A bill file's text is left to its resolver, which says the line and column (test/billing/bill-import.test.ts).
    const leaves = argumentLeaves(schema).filter((leaf) => leaf.typeName === 'String' && leaf.field !== 'importBillsCsv');
    const walked = new Set(leaves.map((leaf) => leaf.field));
    for (const name of [
      'lookupAccount',
      'lookupPayable',
      'login',
      'requestPasswordReset',
      'linkServiceAccount',
      'serviceAccounts',
      'openServiceAccount',
      'recordAccountAdjustment',
      'createTenant',
      'savePaymentMethod',
    ])
      expect(walked).toContain(name);
    const errorsBefore = errorLines().length;
    for (const leaf of leaves) {
      const answer = await send(leaf, bad);
      const where = `${leaf.operation} ${leaf.field} ${leaf.path.join('.')}`;
      const { field } = rootFields(schema).find((root) => root.field.name === leaf.field)!;
      const payload = (answer.data as Record<string, { userErrors?: unknown[] } | null> | undefined)?.[leaf.field];
      if (leaf.operation === 'mutation' && payload?.userErrors) {
        expect([where, answer.errors, payload.userErrors]).toEqual([
          where,
          undefined,
          [{ field: [...leaf.path], code: 'INVALID_TEXT', message: 'Text may not contain control characters, direction overrides, NUL characters or unpaired UTF-16 surrogates.' }],
        ]);
      } else {
        expect([where, answer.errors?.map((error) => error.extensions)]).toEqual([where, [{ code: 'BAD_USER_INPUT', reason: 'INVALID_TEXT', field: leaf.path.join('.') }]]);
        // Only a payload that cannot be built without the resolver's data falls back to a top-level error.
        if (leaf.operation === 'mutation') expect([where, field.type.toString()]).toEqual([where, 'ImportBillsPayload!']);
      }
    }
    expect(errorLines().slice(errorsBefore)).toEqual([]);
  });

  it("answers in the request's language", async () => {
    const { lookupAccount } = await platform.client
      .asTenant('norwalk')
      .withHeaders({ 'accept-language': 'es' })
      .data<{ lookupAccount: { userErrors: unknown[] } }>('mutation L($n: String!) { lookupAccount(input: { accountNumber: $n }) { userErrors { field code message } } }', { n: '10-1001-00\u0000' });
    expect(lookupAccount.userErrors).toEqual([
      {
        field: ['input', 'accountNumber'],
        code: 'INVALID_TEXT',
        message: 'El texto no puede contener caracteres de control, cambios forzados de dirección, caracteres NUL ni sustitutos UTF-16 sin pareja.',
      },
    ]);
  });
});
