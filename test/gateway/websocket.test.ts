import { CLOSE_UNKNOWN_TENANT } from '@platform/gateway';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

describe('graphql-ws on /graphql', () => {
  it('takes the tenant from connectionParams', async () => {
    for (const [slug, name] of [
      ['norwalk', 'City of Norwalk'],
      ['norman', 'City of Norman'],
    ]) {
      const socket = platform.client.asTenant(slug!).openSocket();
      try {
        expect(await socket.collect('{ tenant { name } }')).toEqual([{ data: { tenant: { name } } }]);
      } finally {
        await socket.close();
      }
    }
  });

  it('closes a connection that names an unknown tenant, saying why', async () => {
    const socket = platform.client.asTenant('gotham').openSocket();
    await expect(socket.collect('{ tenant { name } }')).rejects.toBeDefined();
    expect(socket.closes[0]).toEqual({ code: CLOSE_UNKNOWN_TENANT, reason: 'TENANT_NOT_FOUND: No city called "gotham" uses this service.' });
    await socket.close();
  });

  it('gives typed errors, not stack traces, over the socket', async () => {
    const socket = platform.client.openSocket();
    try {
      const [result] = await socket.collect('{ tenant { name } }');
      expect(result?.errors?.[0]?.extensions).toEqual({ code: 'TENANT_REQUIRED' });
    } finally {
      await socket.close();
    }
  });
});
