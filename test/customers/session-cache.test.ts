import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { countStatements } from '../gateway/statement-counter';
import { LOGOUT, bearer, registerCustomer } from './customer-api';

/*
 * A gateway keeps the sessions it has seen open, so a signed-in request
 * costs no session look-up; an ended session is still refused on every
 * instance within moments (services/customers/src/sign-in/open-session-cache.ts).
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const ME = '{ viewer { roles } }';

describe('open sessions kept by each gateway', () => {
  it('answer a signed-in request without looking the session up again', async () => {
    const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'kept@example.com' });
    const me = bearer(platform.client.asTenant('norwalk'), session);
    await me.data(ME);
    const counter = countStatements(platform.db);
    const { result, statements } = await counter.during(() => me.data<{ viewer: { roles: string[] } }>(ME));
    expect(result.viewer.roles).toEqual(['CUSTOMER']);
    expect(statements.filter((sql) => /sessions/.test(sql))).toEqual([]);
  });

  it('refuse a session ended through another instance within a second, and at once on the instance that ended it', async () => {
    const other = await platform.startAnotherGateway();
    try {
      const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'ended-elsewhere@example.com' });
      const here = bearer(platform.client.asTenant('norwalk'), session);
      const there = bearer(other.client.asTenant('norwalk'), session);
      await here.data(ME);
      await there.data(ME); // both instances now hold it as open
      await here.data(LOGOUT, { token: null });
      expect((await here.request(ME)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const started = Date.now();
      let code: unknown;
      while (Date.now() - started < 1000) {
        code = (await there.request(ME)).errors?.[0]?.extensions?.code;
        if (code === 'UNAUTHENTICATED') break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(code).toBe('UNAUTHENTICATED');
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await other.close();
    }
  });
});
