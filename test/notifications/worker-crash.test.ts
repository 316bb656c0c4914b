import { spawn } from 'node:child_process';
import path from 'node:path';
import { tenantRows } from '../customers/customer-api';
import { outboxRow, queueMessage, platformWithMailCatcher } from './notification-api';

/*
 * A delivery worker is killed (SIGKILL) in the middle of a send: the SMTP
 * server has the whole message but holds its reply to DATA, so the message
 * was never accepted. The worker is the built CLI (`pnpm cli
 * notifications:deliver`) in its own process against this file's database,
 * as an operator would run it. Its claim lapses (NOTIFICATION_CLAIM_MS),
 * and a new worker delivers the message.
 */

const CLI = path.join(__dirname, '../../services/gateway/dist/cli.js');
const CLAIM_MS = 2_000;
const mail = platformWithMailCatcher((smtp) => ({ notifications: { smtpUrl: smtp.url } }));

/**
 * Resolves once the message's claim has lapsed by the database's clock, which is what the next worker's claim reads
 * (rather than sleeping CLAIM_MS and a margin from the kill, which came after the claim); throws when it has not after
 * five claims' time.
 */
async function claimLapsed(slug: string, id: string): Promise<void> {
  const end = Date.now() + 5 * CLAIM_MS;
  for (;;) {
    const [row] = await tenantRows<{ lapsed: boolean }>(mail.platform, slug, 'SELECT claimed_until <= now() AS lapsed FROM notification_outbox WHERE id = $1', [id]);
    if (row?.lapsed) return;
    if (Date.now() > end) throw new Error(`the claim on ${id} has not lapsed after ${5 * CLAIM_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A `notifications:deliver` process. The one to be killed claims for CLAIM_MS, so its claim lapses soon; the one
 * that delivers after it waits for the server as long as a loaded machine may need (a send cut off at 400 ms there
 * was retried later instead of sent).
 */
function startWorker(role: 'TO_BE_KILLED' | 'DELIVERS'): { exited: Promise<{ code: number | null; signal: string | null; stdout: string }>; kill(): void } {
  const env = {
    ...process.env,
    DATABASE_URL: mail.platform.settings.adminUrl,
    DATABASE_NAME: mail.platform.settings.databaseName,
    SMTP_URL: mail.smtp.url,
    // The platform's sender address: its domain is every Message-ID's.
    NOTIFICATION_FROM_ADDRESS: 'notifications@platform.example',
    // A send gives up after 400 ms of silence; a claim outlives four of those.
    ...(role === 'TO_BE_KILLED' ? { SMTP_TIMEOUT_MS: '400', NOTIFICATION_CLAIM_MS: String(CLAIM_MS) } : { SMTP_TIMEOUT_MS: '10000', NOTIFICATION_CLAIM_MS: '60000' }),
    LOG_LEVEL: 'silent',
  };
  const child = spawn(process.execPath, [CLI, 'notifications:deliver'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout })));
  return { exited, kill: () => child.kill('SIGKILL') };
}

it('a worker killed while the server holds its DATA reply: the claim lapses and a new worker delivers the message', async () => {
  const id = await queueMessage(mail.platform, 'norman', { to: 'crash@example.com' });
  mail.smtp.reply = (n) => (n === 0 ? 'hold' : 'accept');

  const first = startWorker('TO_BE_KILLED');
  // A worker process takes seconds to start on a loaded machine (CI runs four test files at once).
  await mail.smtp.waitForHeld(30_000);
  const killedAt = Date.now();
  first.kill();
  expect((await first.exited).signal).toBe('SIGKILL');
  // The dead worker's claim stands until its deadline: the message is neither sent nor failed, and not yet anyone else's.
  expect(await outboxRow(mail.platform, 'norman', id)).toMatchObject({ status: 'PENDING', attempts: 1 });
  // Another worker (this process's) running now leaves it alone.
  expect(await mail.platform.deliverNotifications()).toMatchObject({ sent: 0, retrying: 0, failed: 0 });
  expect(Date.now() - killedAt).toBeLessThan(CLAIM_MS);

  // Once the claim has lapsed, the next worker takes the message and delivers it.
  await claimLapsed('norman', id);
  const second = await startWorker('DELIVERS').exited;
  expect(second.code).toBe(0);
  expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, sent: 1 });
  expect(await outboxRow(mail.platform, 'norman', id)).toMatchObject({ status: 'SENT', attempts: 2 });

  // What the server saw: the message twice under the same Message-ID, accepted once. The first copy was never
  // accepted (its DATA got no reply before the worker died), so no duplicate reached the mailbox.
  const copies = mail.smtp.received.filter((messageId) => messageId === `<${id}@platform.example>`);
  expect(copies).toHaveLength(2);
  const delivered = mail.smtp.accepted.filter((m) => m.parsed.messageId === `<${id}@platform.example>`);
  expect(delivered).toHaveLength(1);
  expect(delivered[0]!.parsed.subject).toBe('Your City of Norman password was changed');
}, 60_000);

it('a worker killed after the server accepted but before it recorded the outcome: sent again, a duplicate with the same Message-ID', async () => {
  const id = await queueMessage(mail.platform, 'norman', { to: 'crash-after-accept@example.com' });
  let worker: ReturnType<typeof startWorker> | null = null;
  let first = true;
  // The server takes the message, but the worker dies before it can hear the 250 and write SENT.
  mail.smtp.reply = () => {
    if (!first) return 'accept';
    first = false;
    return {
      beforeAccept: async () => {
        worker!.kill();
        await worker!.exited;
      },
    };
  };
  worker = startWorker('TO_BE_KILLED');
  expect((await worker.exited).signal).toBe('SIGKILL');
  expect(await outboxRow(mail.platform, 'norman', id)).toMatchObject({ status: 'PENDING', attempts: 1 });

  await claimLapsed('norman', id);
  const second = await startWorker('DELIVERS').exited;
  expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, sent: 1 });
  expect(await outboxRow(mail.platform, 'norman', id)).toMatchObject({ status: 'SENT', attempts: 2 });

  // Delivery is at least once: this time the mailbox did get two copies, both with the message's own Message-ID,
  // which is what lets a mail client (or a receiving server) drop the second.
  const delivered = mail.smtp.accepted.filter((m) => m.parsed.messageId === `<${id}@platform.example>`);
  expect(delivered).toHaveLength(2);
  expect(new Set(delivered.map((m) => m.parsed.text)).size).toBe(1);
}, 60_000);
