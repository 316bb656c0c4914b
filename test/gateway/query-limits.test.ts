import { DEFAULT_QUERY_LIMITS } from '@platform/gateway';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { signInStaff } from '../billing/billing-api';
import { fragmentBomb } from './edge-api';

// A low depth limit, so the tenant schema's own nesting (five levels at most) can cross it.
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ queryLimits: { ...DEFAULT_QUERY_LIMITS, maxDepth: 4, maxCost: 200 } });
});
afterAll(() => platform.close());

const FOUR_DEEP = '{ tenant { paymentRules { maxPaymentAmount { amount } } } }';
const FIVE_DEEP = '{ tenant { paymentRules { convenienceFee { minimum { amount } } } } }';
const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(' ')} }`;

describe('query limits', () => {
  it('allows operations up to the depth limit and refuses deeper ones', async () => {
    const norwalk = platform.client.asTenant('norwalk');
    expect((await norwalk.request(FOUR_DEEP)).errors).toBeUndefined();
    const tooDeep = await norwalk.request(FIVE_DEEP);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.data).toBeUndefined();
    expect(tooDeep.errors?.[0]).toMatchObject({ message: 'Query depth limit of 4 exceeded, found 5.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('counts depth through fragments, a spread adding no level of its own', async () => {
    const query = `{ tenant { ...Rules } } fragment Rules on Tenant { paymentRules { convenienceFee { ...Fee } } } fragment Fee on ConvenienceFee { minimum { amount } }`;
    expect((await platform.client.asTenant('norwalk').request(query)).errors?.[0]?.message).toBe('Query depth limit of 4 exceeded, found 5.');
  });

  it("leaves introspection to its own switch, so GraphiQL's deep introspection query works", async () => {
    const introspection = `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }`;
    expect((await platform.client.request(introspection)).errors).toBeUndefined();
  });

  it('answers the standard introspection query, and refuses a second __schema or a sixth __type in one operation', async () => {
    // What GraphiQL and graphql-codegen send: one __schema.
    const standard = await platform.client.request<IntrospectionQuery>(
      getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }),
    );
    expect(standard.errors).toBeUndefined();
    expect(standard.data?.__schema.types.map(({ name }) => name)).toContain('Tenant');

    const schemas = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `s${i}: __schema { types { name fields { name } } }`).join(' ')} }`;
    const types = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `t${i}: __type(name: "Tenant") { name fields { name } }`).join(' ')} }`;
    const inFragments = '{ ...A ...B ...A } fragment A on Query { a: __schema { queryType { name } } } fragment B on Query { ... on Query { b: __schema { queryType { name } } } }';
    const refusals = await Promise.all([schemas(2), schemas(30), inFragments, types(6)].map((query) => platform.client.request(query)));
    expect(refusals.map(({ status, data, errors }) => [status, data, errors?.map(({ message, extensions }) => [message, extensions?.code])])).toEqual([
      [400, undefined, [['Introspection limit of 1 __schema per operation exceeded, found 2.', 'GRAPHQL_VALIDATION_FAILED']]],
      [400, undefined, [['Introspection limit of 1 __schema per operation exceeded, found 30.', 'GRAPHQL_VALIDATION_FAILED']]],
      [400, undefined, [['Introspection limit of 1 __schema per operation exceeded, found 2.', 'GRAPHQL_VALIDATION_FAILED']]],
      [400, undefined, [['Introspection limit of 5 __type per operation exceeded, found 6.', 'GRAPHQL_VALIDATION_FAILED']]],
    ]);
    // One __schema beside five __type, or selections that share a response key (merged, run once), are within the limits.
    const withinLimits = await platform.client.request(`{ __schema { queryType { name } } ${types(5).slice(1, -1)} t0: __type(name: "Tenant") { name } }`);
    expect(withinLimits.errors).toBeUndefined();
    const socket = platform.client.openSocket();
    try {
      await expect(socket.collect(schemas(2))).rejects.toEqual([expect.objectContaining({ message: 'Introspection limit of 1 __schema per operation exceeded, found 2.' })]);
    } finally {
      await socket.close();
    }
  });

  it('refuses more than 30 aliases (aliased __typename is free)', async () => {
    const slugs = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `s${i}: tenant { slug }`).join(' ')} }`;
    const norwalk = platform.client.asTenant('norwalk');
    expect((await norwalk.request(slugs(30))).errors).toBeUndefined();
    expect((await norwalk.request(slugs(31))).errors?.[0]?.message).toBe('Aliases limit of 30 exceeded, found 31.');
    expect((await norwalk.request(aliases(40))).errors).toBeUndefined();
  });

  it('prices an operation and refuses one over the cost limit, counting a literal page size', async () => {
    const norwalk = platform.client.asTenant('norwalk');
    const contact = '{ tenant { contact { supportHours { days opens closes } } } }';
    expect((await norwalk.request(contact)).errors).toBeUndefined();
    // The same fields asked for under twenty aliases cost twenty times as much.
    const twentyTimes = `{ ${Array.from({ length: 20 }, (_, i) => `t${i}: tenant { contact { supportHours { days opens closes } } }`).join(' ')} }`;
    const refused = await norwalk.request(twentyTimes);
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.message).toMatch(/^Query Cost limit of 200 exceeded, found \d+\.$/);
    // A page of 100 is priced as 100 items before any is read.
    const page = await platform.operator.asTenant('norwalk').request('{ serviceAccounts(first: 100) { edges { node { accountNumber } } } }');
    expect(page.errors?.[0]?.message).toMatch(/^Query Cost limit of 200 exceeded/);
  });

  it("prices a page size given as a variable, a variable's default or left to the schema's default as it would a literal", async () => {
    const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    const page = (first: string) => `serviceAccounts${first} { edges { node { accountNumber } } }`;
    const refusal = [{ message: expect.stringMatching(/^Query Cost limit of 200 exceeded, found \d+\.$/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }];
    const answers = await Promise.all([
      staff.request(`query Page($first: Int!) { ${page('(first: $first)')} }`, { first: 100 }),
      staff.request(`query Page($first: Int! = 100) { ${page('(first: $first)')} }`),
      // serviceAccounts(first: Int! = 20): twenty items.
      staff.request(`{ ${page('')} }`),
    ]);
    expect(answers.map(({ status, errors }) => [status, errors])).toEqual([
      [400, refusal],
      [400, refusal],
      [400, refusal],
    ]);
    const small = await staff.request<{ serviceAccounts: { edges: unknown[] } }>(`query Page($first: Int!) { ${page('(first: $first)')} }`, { first: 5 });
    expect(small.errors).toBeUndefined();
    expect(small.data?.serviceAccounts.edges.length).toBeLessThanOrEqual(5);
  });

  it('refuses a fragment bomb without expanding it, however many paths it names', async () => {
    // Twelve levels name 10^11 paths: a rule that walked them would never answer.
    const result = await platform.client.asTenant('norwalk').request(fragmentBomb(12));
    expect(result.status).toBe(400);
    expect(result.errors?.map((e) => e.message)).toEqual([expect.stringMatching(/^Query Cost limit of 200 exceeded, found \d+\.$/)]);
  });

  it('refuses more than 50 directives', async () => {
    const directives = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename @include(if: true)`).join(' ')} }`;
    expect((await platform.client.request(directives(30))).errors).toBeUndefined();
    const result = await platform.client.request(`{ __typename ${'@skip(if: false) '.repeat(51)}}`);
    expect(result.errors?.map((e) => e.message)).toContain('Directives limit of 50 exceeded, found 51.');
  });

  it('refuses documents over the token limit before parsing them whole', async () => {
    const result = await platform.client.request(`{ ${'__typename '.repeat(6000)}}`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/more tha[nt] 5000 tokens/);
  });

  it('applies the same limits over WebSocket', async () => {
    const socket = platform.client.asTenant('norwalk').openSocket();
    try {
      await expect(socket.collect(FIVE_DEEP)).rejects.toEqual([expect.objectContaining({ message: 'Query depth limit of 4 exceeded, found 5.' })]);
      await expect(socket.collect(fragmentBomb(12))).rejects.toEqual([expect.objectContaining({ message: expect.stringMatching(/^Query Cost limit of 200 exceeded/) })]);
      await expect(socket.collect('query Page($first: Int!) { serviceAccounts(first: $first) { edges { node { accountNumber } } } }', { first: 100 })).rejects.toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^Query Cost limit of 200 exceeded/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ]);
      expect(await socket.collect(aliases(2))).toEqual([{ data: { a0: 'Query', a1: 'Query' } }]);
    } finally {
      await socket.close();
    }
  });
});
