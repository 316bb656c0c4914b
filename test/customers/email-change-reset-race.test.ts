import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { GOOD_PASSWORD, REQUEST_RESET, RESET, UPDATE_PROFILE, bearer, outboxFor, registerCustomer, signIn, type UserErrorShape } from './customer-api';
import { untilWaitingOnLocks } from '../db/lock-waits';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

let nextAddress = 1;
const norwalk = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` });
type ActionPayload = { userErrors: UserErrorShape[] };

describe('an email change racing a password-reset request to the old address', () => {
  it('leaves no working reset link at the address given up', async () => {
    const { session } = await registerCustomer(norwalk(), { email: 'old-box@example.com' });
    const me = bearer(norwalk(), session);

    // Hold the outbox so each transaction stops just before queuing its email (the order is then certain):
    // the reset request has read the account (old email) and stored its token, not yet committed.
    const holder = platform.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('LOCK TABLE notification_outbox IN EXCLUSIVE MODE');
    let released = false;
    try {
      const resetRequest = norwalk().data<{ requestPasswordReset: ActionPayload }>(REQUEST_RESET, { input: { identifier: 'old-box@example.com' } });
      await untilWaitingOnLocks(platform.db, '%notification_outbox%', { n: 1 });
      // The resident (or whoever took the mailbox back) moves the account to a new address meanwhile.
      const move = me.data<{ updateProfile: ActionPayload }>(UPDATE_PROFILE, { input: { email: 'new-box@example.com', currentPassword: GOOD_PASSWORD } });
      // Now waiting too: on the outbox (as today) or, once fixed, on the account's row the reset request holds.
      await untilWaitingOnLocks(platform.db, '%', { n: 2 });
      await holder.commitTransaction();
      released = true;
      expect((await resetRequest).requestPasswordReset.userErrors).toEqual([]);
      expect((await move).updateProfile.userErrors).toEqual([]);
    } finally {
      if (!released) await holder.rollbackTransaction();
      await holder.release();
    }

    // The old address was told of the move, and got a reset link.
    expect((await outboxFor(platform, 'norwalk', 'old-box@example.com', 'EMAIL_CHANGED')).length).toBe(1);
    const [link] = await outboxFor(platform, 'norwalk', 'old-box@example.com', 'PASSWORD_RESET');
    expect(link?.data.token).toEqual(expect.any(String));

    // That link must not set the password of an account that no longer has that address.
    const used = await norwalk().data<{ resetPassword: ActionPayload }>(RESET, { input: { token: link!.data.token, newPassword: 'the old mailbox holder takes over' } });
    expect(used.resetPassword.userErrors.map((e) => e.code)).toEqual(['INVALID_TOKEN']);
    expect((await signIn(norwalk(), 'new-box@example.com', 'the old mailbox holder takes over')).userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
  });
});
