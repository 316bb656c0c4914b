import { lockForTransaction, withTenant } from '@platform/db';
import type { OutgoingSms, SmsSender } from '@platform/notifications';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer, tenantRows } from '../customers/customer-api';
import { SAVE_PREFERENCES, TEXT_BACK, queueMessage, switchTextsOnConfirmed, textBack, textFrom, textsOn } from './notification-api';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

/*
 * A STOP or START texted back (POST /sms/inbound) takes each user's
 * preferences lock before it writes the number's refusal, as a save of
 * preferences and a bounced text (21610) do: taken the other way round, a
 * START while the resident switched texts on in the portal, or a STOP while
 * a text to the number bounced, deadlocked, and PostgreSQL aborted one of
 * them (the webhook's 500 loses the STOP or START: Twilio does not retry an
 * incoming-message webhook).
 *
 * The interleaving is forced with a transaction that holds the user's
 * preferences lock (the key lockPreferences takes) until both operations
 * wait behind it; no code under test is replaced.
 */

const PLATFORM_SERVICE = `MG${'3'.repeat(32)}`;

let smtp: SmtpCatcher;
let platform: TestPlatform;
const texts: OutgoingSms[] = [];
/** Numbers whose texts the stand-in Twilio answers with 21610 (the number answered STOP). */
const bouncing = new Set<string>();

const sms: SmsSender = {
  description: 'stand-in for Twilio',
  send: async (text) => {
    if (bouncing.has(text.to)) return { kind: 'PERMANENT', reason: 'BOUNCED', error: '21610 Attempt to send to unsubscribed recipient' };
    texts.push(text);
    return { kind: 'SENT', providerMessageId: `SM-${text.notificationId}` };
  },
};

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({
    notifications: { smtpUrl: smtp.url, sms, inboundSms: { ...TEXT_BACK, messagingServiceSid: PLATFORM_SERVICE } },
  });
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
});

const textIn = (from: string, body: string) => textBack(platform, textFrom(from, PLATFORM_SERVICE, body));

async function normanId(): Promise<string> {
  const [row] = await platform.db.query<{ id: string }[]>(`SELECT id FROM tenants WHERE slug = 'norman'`);
  return row!.id;
}

/** Resolves once `n` advisory lock requests wait in this file's database. */
async function advisoryWaiters(n: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const [row] = await platform.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    if (row!.n >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never ${n} advisory lock waiters`);
}

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error: String(error) }),
  );

/**
 * Starts `first`, then `second`, each once the one before waits on `userId`'s preferences lock (lockPreferences' key),
 * held meanwhile by a transaction of the test's; then lets go. What each came to, and the deadlocks logged meanwhile.
 */
async function interleaved<A, B>(userId: string, first: () => Promise<A>, second: () => Promise<B>) {
  let a!: Promise<Awaited<ReturnType<typeof settle<A>>>>;
  let b!: Promise<Awaited<ReturnType<typeof settle<B>>>>;
  const logged = platform.logLines().length;
  await withTenant({ db: platform.db, tenant: { id: await normanId() } }, async (manager) => {
    await lockForTransaction(manager, `notification-preferences:${userId}`);
    a = settle(first());
    await advisoryWaiters(1);
    b = settle(second());
    await advisoryWaiters(2);
  });
  const [firstDid, secondDid] = await Promise.all([a, b]);
  const deadlocks = platform
    .logLines()
    .slice(logged)
    .filter((line) => line.includes('deadlock detected')).length;
  return { first: firstDid, second: secondDid, deadlocks };
}

it('a START texted while the resident switches texts back on: the webhook answers 200 and the START is recorded', async () => {
  const PHONE = '+15625550601';
  const { session, user } = await registerCustomer(platform.client.asTenant('norman'), { email: 'restart@example.com', username: 'restart', name: 'Re Start', phone: '405-555-0161' });
  const me = bearer(platform.client.asTenant('norman'), session);
  await switchTextsOnConfirmed(platform, me, PHONE, () => texts);
  expect((await textIn(PHONE, 'STOP')).status).toBe(200);
  expect(await textsOn(me)).toBe(false);

  // The resident answers START and, at the same moment, switches texts on again in the portal.
  const {
    first: saved,
    second: started,
    deadlocks,
  } = await interleaved(
    user.id,
    () => me.data(SAVE_PREFERENCES, { input: { smsOptIn: true } }),
    () => textIn(PHONE, 'START'),
  );
  expect({ started: started.ok ? started.value.status : started, saved: saved.ok, deadlocks }).toEqual({ started: 200, saved: true, deadlocks: 0 });
  expect(await tenantRows(platform, 'norman', `SELECT address FROM notification_suppressions WHERE address = $1`, [PHONE])).toEqual([]);
});

it('a STOP texted while a text to the number bounces with 21610: the webhook answers 200 and delivery records the bounce', async () => {
  const PHONE = '+15625550602';
  const { session, user } = await registerCustomer(platform.client.asTenant('norman'), { email: 'bounce@example.com', username: 'bounce', name: 'Bo Unce', phone: '405-555-0162' });
  const me = bearer(platform.client.asTenant('norman'), session);
  await switchTextsOnConfirmed(platform, me, PHONE, () => texts);
  const data = { confirmationNumber: 'WXYZ-ABCD-EFGH', amount: '$12.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 1 0 0: $12.00' };
  await queueMessage(platform, 'norman', { to: PHONE, channel: 'SMS', template: 'PAYMENT_RECEIPT', data, userId: user.id });
  // The resident texts STOP; Twilio refuses the receipt on its way at that moment (21610).
  bouncing.add(PHONE);

  const {
    first: delivered,
    second: stopped,
    deadlocks,
  } = await interleaved(
    user.id,
    () => platform.deliverNotifications(),
    () => textIn(PHONE, 'STOP'),
  );
  expect({ stopped: stopped.ok ? stopped.value.status : stopped, delivered: delivered.ok, deadlocks }).toEqual({ stopped: 200, delivered: true, deadlocks: 0 });
});
