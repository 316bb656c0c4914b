import { TEST_DELIVERY_SETTINGS } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { deliverUntil, outboxRow, queueMessage, platformWithMailCatcher } from './notification-api';

/*
 * A relay that refuses the platform itself (the city's from-address refused
 * at MAIL FROM once its sender authorisation lapsed, the platform's login
 * refused, its IP blocklisted) is no resident's doing, and may last a
 * weekend: the messages queued meanwhile wait for it without spending their
 * attempts (NOTIFICATION_MAX_ATTEMPTS, 5 here), and go out once it is fixed.
 * A pass stops sending the city's email at the relay's first refusal, so a
 * backlog does not knock on it once per message; a message is given up on
 * (FAILED, RELAY_UNAVAILABLE) only once it has waited past
 * NOTIFICATION_RELAY_GIVE_UP_HOURS (an hour here); a reset link that expired
 * while it waited is not sent.
 */

const NORWALK_SENDER = 'water-billing@norwalk.example';
/** Times the relay refused Norwalk's sender since the test began. */
let refusals = 0;
const env = platformWithMailCatcher((smtp) => ({ notifications: { smtpUrl: smtp.url } }));
beforeEach(async () => {
  // What earlier tests left waiting goes first: each test counts only its own messages.
  env.smtp.refuseSender = () => null;
  await deliverUntil(env.platform, async () => (await pendingIn('norwalk')).length === 0);
  refusals = 0;
});
afterEach(() => (env.smtp.refuseSender = () => null));

/** The relay stops taking Norwalk's from-address (its sender authorisation lapsed); Norman's it still takes. */
function refuseNorwalkSender(): void {
  env.smtp.refuseSender = (from) => {
    if (from !== NORWALK_SENDER) return null;
    refusals++;
    return { code: 550, message: '5.7.1 Sender address rejected: not owned by user' };
  };
}

const pendingIn = async (slug: string) => tenantRows<{ id: string; attempts: number }>(env.platform, slug, `SELECT id, attempts FROM notification_outbox WHERE status = 'PENDING'`);
const acceptedCopiesOf = (id: string) => env.smtp.accepted.filter((m) => m.parsed.messageId?.includes(id)).length;

it('a receipt queued while the relay refuses the city’s sender goes out once the relay is fixed, however long that took', async () => {
  const payer = 'weekend-payer@example.com';
  refuseNorwalkSender();
  const { payment, userErrors } = await pay(env.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '25.00' }],
    token: await cardToken(env.platform),
    payerEmail: payer,
  });
  expect(userErrors).toEqual([]);
  const receipt = async () =>
    (
      await tenantRows<{ id: string; status: string; failure_reason: string | null; attempts: number }>(
        env.platform,
        'norwalk',
        `SELECT id, status, failure_reason, attempts FROM notification_outbox WHERE recipient = $1`,
        [payer],
      )
    )[0]!;
  // The refusal outlasts the receipt's attempts (5 in tests, milliseconds apart).
  await deliverUntil(env.platform, async () => refusals > TEST_DELIVERY_SETTINGS.maxAttempts || (await receipt()).status !== 'PENDING');
  // The receipt was the one message refused: it waited through every refusal, and spent none of its attempts.
  expect(await pendingIn('norwalk')).toEqual([{ id: (await receipt()).id, attempts: 0 }]);

  // The city fixes its sender; delivery passes run until the receipt's next try (its wait is at most 240 ms here).
  env.smtp.refuseSender = () => null;
  await deliverUntil(env.platform, async () => (await receipt()).status !== 'PENDING');

  // The payer gets the receipt of the payment that was made, once.
  const delivered = env.smtp.accepted.filter((m) => m.envelopeTo.includes(payer)).map((m) => m.parsed.subject);
  expect({ delivered, row: await receipt() }).toEqual({ delivered: [expect.stringContaining(payment!.confirmationNumber)], row: expect.objectContaining({ status: 'SENT', attempts: 1 }) });
}, 60_000);

it('a backlog knocks on a refusing relay once per lane in a pass, not once per message, and goes out whole once it is fixed', async () => {
  refuseNorwalkSender();
  const backlog = await Promise.all(Array.from({ length: 30 }, (_, i) => queueMessage(env.platform, 'norwalk', { to: `backlog-${i}@example.com` })));
  const otherCity = await queueMessage(env.platform, 'norman', { to: 'norman-resident@example.com' });
  const relayWarnings = () => env.platform.logLines().filter((line) => line.includes('the relay refused the platform') && line.includes('"tenant":"norwalk"'));
  const warnedBefore = relayWarnings().length;

  const counts = await env.platform.deliverNotifications();
  expect(refusals).toBeGreaterThanOrEqual(1);
  expect(refusals).toBeLessThanOrEqual(TEST_DELIVERY_SETTINGS.concurrency);
  expect(counts).toMatchObject({ waitingForRelay: refusals, released: 30 - refusals, failed: 0 });
  expect((await pendingIn('norwalk')).filter((row) => backlog.includes(row.id))).toHaveLength(30);
  expect((await pendingIn('norwalk')).every((row) => row.attempts === 0)).toBe(true);
  // What an operator sees: one warning of the pass for the city, with the relay's words.
  expect(relayWarnings().slice(warnedBefore)).toEqual([expect.stringContaining('Sender address rejected')]);
  // Another city, whose sender the relay takes, is not held up by Norwalk's.
  expect(await outboxRow(env.platform, 'norman', otherCity)).toMatchObject({ status: 'SENT' });

  env.smtp.refuseSender = () => null;
  await deliverUntil(env.platform, async () => (await pendingIn('norwalk')).length === 0);
  const rows = await Promise.all(backlog.map((id) => outboxRow(env.platform, 'norwalk', id)));
  expect(rows.map((row) => [row.status, row.attempts])).toEqual(backlog.map(() => ['SENT', 1]));
  expect(backlog.map(acceptedCopiesOf)).toEqual(backlog.map(() => 1));
}, 60_000);

it('a message refused past NOTIFICATION_RELAY_GIVE_UP_HOURS since it was queued is FAILED as RELAY_UNAVAILABLE, with the relay’s words; a younger one waits on', async () => {
  refuseNorwalkSender();
  // More than the pass's lanes: some are claimed behind the first refusals, and given up on without a knock of their own.
  const old = await Promise.all(Array.from({ length: TEST_DELIVERY_SETTINGS.concurrency + 3 }, (_, i) => queueMessage(env.platform, 'norwalk', { to: `since-friday-${i}@example.com` })));
  await tenantRows(env.platform, 'norwalk', `UPDATE notification_outbox SET created_at = created_at - interval '2 hours' WHERE id = ANY($1::uuid[])`, [old]);
  const young = await queueMessage(env.platform, 'norwalk', { to: 'this-morning@example.com' });

  await env.platform.deliverNotifications();
  const rows = await Promise.all(old.map((id) => outboxRow(env.platform, 'norwalk', id)));
  expect(rows.map(({ status, failure_reason, attempts }) => ({ status, failure_reason, attempts }))).toEqual(old.map(() => ({ status: 'FAILED', failure_reason: 'RELAY_UNAVAILABLE', attempts: 0 })));
  expect(rows.every((row) => row.last_error === 'the mail server refused the sender: 550 5.7.1 Sender address rejected: not owned by user')).toBe(true);
  expect(refusals).toBeLessThan(old.length);
  expect(await outboxRow(env.platform, 'norwalk', young)).toMatchObject({ status: 'PENDING', failure_reason: null, attempts: 0 });
}, 60_000);

it('a reset link that expired while the relay refused the city is not sent once it is fixed, and its token is forgotten; one still good goes', async () => {
  refuseNorwalkSender();
  const expiresSoon = new Date(Date.now() + 1_500).toISOString();
  const expiresLater = new Date(Date.now() + 3_600_000).toISOString();
  const expired = await queueMessage(env.platform, 'norwalk', { to: 'slow-reset@example.com', template: 'PASSWORD_RESET', data: { token: 'reset-token-1', expiresAt: expiresSoon, name: 'Ana' } });
  const good = await queueMessage(env.platform, 'norwalk', { to: 'fresh-reset@example.com', template: 'PASSWORD_RESET', data: { token: 'reset-token-2', expiresAt: expiresLater, name: 'Lee' } });
  await deliverUntil(env.platform, async () => refusals >= 2);
  await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresSoon) - Date.now() + 50));

  env.smtp.refuseSender = () => null;
  await deliverUntil(env.platform, async () => (await pendingIn('norwalk')).length === 0);
  const unsent = await outboxRow(env.platform, 'norwalk', expired);
  expect({ status: unsent.status, failure_reason: unsent.failure_reason, data: unsent.data }).toEqual({
    status: 'SUPPRESSED',
    failure_reason: 'EXPIRED',
    data: { expiresAt: expiresSoon, name: 'Ana' },
  });
  expect(acceptedCopiesOf(expired)).toBe(0);
  expect(await outboxRow(env.platform, 'norwalk', good)).toMatchObject({ status: 'SENT', attempts: 1 });
  expect(acceptedCopiesOf(good)).toBe(1);
}, 60_000);
