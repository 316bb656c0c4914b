import { createLogger } from '@platform/gateway';
import { deliverDueNotifications, type EmailSender } from '@platform/notifications';
import { FixedClock, TEST_DELIVERY_SETTINGS, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { bearer, changeEmail, registerCustomer, tenantRows } from '../customers/customer-api';
import { queueMessage } from './notification-api';

/*
 * redirectPendingEmails moves a user's PENDING emails to the new address. A delivery pass claims a batch (the rows stay
 * PENDING) and sends them one after another in lanes, from the rows as it read them when it claimed them. A message
 * claimed but not yet on the wire when the email change commits (behind another in its lane) is then sent to the
 * address given up, and the outbox recorded it SENT to the new address (found by review); the send reads the
 * recipient again with the rest of its gate.
 */

const clock = new FixedClock(new Date('2026-03-13T16:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
});
afterAll(() => platform.close());

const OLD = 'rosa.old@example.com';
const NEW = 'rosa.new@example.com';

it('sends a message claimed before an email change, but not yet on the wire, to the new address', async () => {
  const norwalk = platform.client.asTenant('norwalk');
  const { session, user } = await registerCustomer(norwalk, { email: OLD });
  // Whatever registration queued goes first; then three of Rosa's messages to her address.
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push(await queueMessage(platform, 'norwalk', { to: OLD, userId: user.id }));

  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let firstStarted!: () => void;
  const started = new Promise<void>((resolve) => (firstStarted = resolve));
  const sent: { id: string; to: string }[] = [];
  let first = true;
  const email: EmailSender = {
    async send(message) {
      if (first) {
        first = false;
        firstStarted();
        await released;
      }
      sent.push({ id: message.notificationId, to: message.to });
      return { kind: 'SENT', providerMessageId: `m-${sent.length}` };
    },
    close() {},
  };
  const sms = { description: 'none', send: () => Promise.reject(new Error('no text expected')) };
  const pass = deliverDueNotifications({
    db: platform.db,
    clock: platform.clock,
    log: createLogger('silent'),
    delivery: { ...TEST_DELIVERY_SETTINGS, concurrency: 1 },
    channels: { email, sms },
  });
  await started;
  // The first message of the lane is on the wire; Rosa moves her account to a new address.
  await changeEmail(platform, bearer(norwalk, session), NEW);
  release();
  await pass;

  const rows = await tenantRows<{ id: string; recipient: string; status: string }>(platform, 'norwalk', 'SELECT id, recipient, status FROM notification_outbox WHERE id = ANY($1::uuid[])', [ids]);
  const onTheWire = sent[0]!.id;
  // Each of her messages not yet on the wire when the change committed went where the outbox says it went: the new address.
  const after = sent.slice(1).filter((s) => ids.includes(s.id));
  expect(after.length).toBeGreaterThan(0);
  expect(after.map((s) => ({ id: s.id, to: s.to }))).toEqual(after.map((s) => ({ id: s.id, to: NEW })));
  expect(rows.filter((r) => r.id !== onTheWire).every((r) => r.recipient === NEW && r.status === 'SENT')).toBe(true);
});
