import { DEFAULT_QUERY_LIMITS } from '@platform/gateway';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';

// A low depth limit, so the tenant schema's own nesting (five levels at most) can cross it.
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ queryLimits: { ...DEFAULT_QUERY_LIMITS, maxDepth: 4 } });
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
    expect(tooDeep.errors?.[0]).toMatchObject({ message: 'Query is 5 levels deep; the limit is 4.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('counts depth through fragments', async () => {
    const query = `{ tenant { ...Rules } } fragment Rules on Tenant { paymentRules { convenienceFee { ...Fee } } } fragment Fee on ConvenienceFee { minimum { amount } }`;
    expect((await platform.client.asTenant('norwalk').request(query)).errors?.[0]?.message).toBe('Query is 5 levels deep; the limit is 4.');
  });

  it("leaves introspection to its own switch, so GraphiQL's deep introspection query works", async () => {
    const introspection = `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }`;
    expect((await platform.client.request(introspection)).errors).toBeUndefined();
  });

  it('refuses more than 30 aliases', async () => {
    expect((await platform.client.request(aliases(30))).errors).toBeUndefined();
    expect((await platform.client.request(aliases(31))).errors?.[0]?.message).toBe('Query uses 31 aliases; the limit is 30.');
  });

  it('refuses documents over the token limit before parsing them whole', async () => {
    const result = await platform.client.request(`{ ${'__typename '.repeat(6000)}}`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/more tha[nt] 5000 tokens/);
  });

  it('applies the same limits over WebSocket', async () => {
    const socket = platform.client.asTenant('norwalk').openSocket();
    try {
      await expect(socket.collect(FIVE_DEEP)).rejects.toEqual([expect.objectContaining({ message: 'Query is 5 levels deep; the limit is 4.' })]);
      expect(await socket.collect(aliases(2))).toEqual([{ data: { a0: 'Query', a1: 'Query' } }]);
    } finally {
      await socket.close();
    }
  });
});
