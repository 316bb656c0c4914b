import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { GOOD_PASSWORD, REGISTER, registerCustomer, type AuthPayload } from './customer-api';

/*
 * "probe@example.com." (a trailing dot: the domain written as DNS's root, the same mailbox) registered as an account
 * of its own beside probe@example.com: two accounts for what a person and a mail server read as one address, the
 * second a copy a staff member cannot tell from the first. An address is now refused with an empty label in its
 * domain, the trailing dot's included, by the one check every kept address passes (isDeliverableEmail).
 */

let platform: TestPlatform;
beforeAll(async () => {
  // Behind a trusted proxy, so requests come from addresses of their own: registrations are limited per address.
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

let addresses = 0;
const norwalk = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `203.0.113.${++addresses}` });

describe('an email whose domain ends in a dot', () => {
  it('is refused (INVALID_EMAIL at its field), not registered beside the same address without the dot', async () => {
    await registerCustomer(norwalk(), { email: 'probe@example.com' });
    for (const email of ['probe@example.com.', 'probe@example.com..', 'other@example.com.']) {
      const answer = (await norwalk().data<{ register: AuthPayload }>(REGISTER, { input: { email, password: GOOD_PASSWORD } })).register;
      expect({ email, session: answer.session, errors: answer.userErrors.map(({ field, code }) => ({ field, code })) }).toEqual({
        email,
        session: null,
        errors: [{ field: ['input', 'email'], code: 'INVALID_EMAIL' }],
      });
    }
  });
});
