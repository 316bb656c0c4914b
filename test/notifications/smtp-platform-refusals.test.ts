import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@platform/gateway';
import { createSmtpSender, deliverDueNotifications } from '@platform/notifications';
import { TEST_DELIVERY_SETTINGS } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { outboxRow, queueMessage, platformWithMailCatcher } from './notification-api';

/*
 * Refusals that are about the platform's relay (its IP, its missing login,
 * a relay that will not relay for it), not about one resident's mailbox or
 * one message. smtp-sender.ts says such refusals of the platform are "tried
 * again, so the messages go out once it is fixed, and never a bounce, which
 * would mark every resident's address undeliverable".
 */

const env = platformWithMailCatcher((smtp) => ({ notifications: { smtpUrl: smtp.url, delivery: { retryBaseMs: 60_000, retryMaxMs: 60_000 } } }));

const suppressionsOf = async (address: string) =>
  (await tenantRows<{ reason: string }>(env.platform, 'norwalk', 'SELECT reason FROM notification_suppressions WHERE address = lower($1)', [address])).map((r) => r.reason);

describe('a relay that refuses to relay for the platform (Postfix "554 5.7.1 Relay access denied" at RCPT TO)', () => {
  it('is not a bounce: the resident address is not marked undeliverable, and the message is kept for a retry', async () => {
    const to = 'resident-relay-denied@example.com';
    // Postfix's own wording when the client is not in mynetworks / has not authenticated (smtpd_relay_restrictions).
    env.smtp.refuseRecipient = (recipient) => (recipient === to ? { code: 554, message: `5.7.1 <${recipient}>: Relay access denied` } : null);
    try {
      const id = await queueMessage(env.platform, 'norwalk', { to });
      await env.platform.deliverNotifications();
      const row = await outboxRow(env.platform, 'norwalk', id);
      expect({ status: row.status, failure_reason: row.failure_reason }).toEqual({ status: 'PENDING', failure_reason: null });
      expect(await suppressionsOf(to)).toEqual([]);
    } finally {
      env.smtp.refuseRecipient = () => null;
    }
  });

  it('once the relay is fixed, the next receipt to that resident is delivered, not suppressed as ADDRESS_UNDELIVERABLE', async () => {
    const to = 'resident-after-fix@example.com';
    env.smtp.refuseRecipient = (recipient) => (recipient === to ? { code: 550, message: '5.7.64 TenantAttribution; Relay Access Denied' } : null);
    try {
      await queueMessage(env.platform, 'norwalk', { to });
      await env.platform.deliverNotifications();
    } finally {
      env.smtp.refuseRecipient = () => null;
    }
    // The relay is fixed; the resident pays again.
    const later = await queueMessage(env.platform, 'norwalk', { to });
    await env.platform.deliverNotifications();
    const row = await outboxRow(env.platform, 'norwalk', later);
    expect({ status: row.status, failure_reason: row.failure_reason }).toEqual({ status: 'SENT', failure_reason: null });
  });
});

describe('a relay that refuses the platform at the greeting (554 on connect, e.g. its IP blocklisted)', () => {
  let blocking: Server;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    blocking = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      socket.write('554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.example\r\n');
      socket.on('data', (chunk: Buffer) => {
        if (/^QUIT/im.test(chunk.toString())) socket.end('221 Bye\r\n');
        else socket.write('503 5.5.1 Bad sequence of commands\r\n');
      });
    });
    await new Promise<void>((resolve) => blocking.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => blocking.close(resolve));
  });

  it('is a temporary failure of the platform, not a permanent refusal of the receipt', async () => {
    const to = 'resident-greeting@example.com';
    const id = await queueMessage(env.platform, 'norman', { to });
    const email = createSmtpSender({ url: `smtp://127.0.0.1:${(blocking.address() as AddressInfo).port}`, requireTls: false, tlsRejectUnauthorized: true, maxConnections: 1, timeoutMs: 1_000 });
    try {
      await deliverDueNotifications({
        db: env.platform.db,
        clock: env.platform.clock,
        log: createLogger('silent'),
        delivery: { ...TEST_DELIVERY_SETTINGS, retryBaseMs: 60_000, retryMaxMs: 60_000 },
        channels: { email, sms: { description: 'none', send: () => Promise.reject(new Error('no texts here')) } },
      });
    } finally {
      email.close();
    }
    const row = await outboxRow(env.platform, 'norman', id);
    expect({ status: row.status, failure_reason: row.failure_reason, last_error: row.last_error }).toEqual({ status: 'PENDING', failure_reason: null, last_error: expect.stringContaining('554') });
  });
});
