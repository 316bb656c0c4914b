import { spawn } from 'node:child_process';
import path from 'node:path';
import { outboxRow, queueMessage, platformWithMailCatcher } from '../notifications/notification-api';
import { type CaughtMessage } from '../notifications/smtp-catcher';
import { eventually } from '../processes/platform-process';

/*
 * Ctrl-C (or SIGTERM) on `pnpm cli notifications:deliver` while it works through a backlog: the pass is told to stop,
 * as `pnpm worker`'s is, so it finishes the send under way, records it, and hands the rest back. Found by attack: the
 * CLI never told the pass, so the signal ended the process where it stood; the message the relay had just taken stayed
 * PENDING under the dead process's claim and went to the resident a second time once the claim lapsed, and the rest
 * waited out the claim.
 */

const CLI = path.join(__dirname, '../../services/gateway/dist/cli.js');
const mail = platformWithMailCatcher((smtp) => ({ notifications: { smtpUrl: smtp.url } }));

function startDelivery(): { exited: Promise<{ code: number | null; signal: string | null; stdout: string }>; signal(name: NodeJS.Signals): void } {
  const env = {
    ...process.env,
    DATABASE_URL: mail.platform.settings.adminUrl,
    DATABASE_NAME: mail.platform.settings.databaseName,
    SMTP_URL: mail.smtp.url,
    SMTP_TIMEOUT_MS: '5000',
    NOTIFICATION_CONCURRENCY: '1',
    // A claim long enough that a message left under a dead process's claim is not taken again during the test.
    NOTIFICATION_CLAIM_MS: '120000',
    LOG_LEVEL: 'silent',
  };
  const child = spawn(process.execPath, [CLI, 'notifications:deliver'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout })));
  return { exited, signal: (name) => child.kill(name) };
}

it.each(['SIGTERM', 'SIGINT'] as const)(
  '%s stops a delivery pass cleanly: what was sent is recorded, the rest handed back, nothing sent twice',
  async (signal) => {
    const before = mail.smtp.accepted.length;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await queueMessage(mail.platform, 'norman', { to: `cli-stop-${signal.toLowerCase()}-${i}@example.com` }));
    // The outbox row a message the server took was sent for: its Message-ID is the row's id at the sender's domain.
    const rowOf = (message: CaughtMessage) => ids.find((id) => message.parsed.messageId?.startsWith(`<${id}@`));
    // Each message takes the server 400 ms to accept: the signal lands while one is on the wire.
    mail.smtp.reply = () => ({ beforeAccept: () => new Promise((resolve) => setTimeout(resolve, 400)) });
    const delivery = startDelivery();
    await eventually(
      () => mail.smtp.accepted.length - before,
      (n) => n >= 2,
      40_000,
    );
    delivery.signal(signal);
    const stopped = await delivery.exited;
    expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 1, signal: null });
    const answer = JSON.parse(stopped.stdout) as { ok: boolean; stopped: boolean; sent: number; released: number };
    expect(answer).toMatchObject({ ok: false, stopped: true });

    // Every message the server took is recorded SENT, and said so; none is left claimed.
    const accepted = new Set(mail.smtp.accepted.slice(before).map(rowOf));
    expect(accepted.size).toBeGreaterThanOrEqual(2);
    const rows = await Promise.all(ids.map((id) => outboxRow(mail.platform, 'norman', id)));
    expect(rows.filter((row) => row.status === 'SENT').map((row) => row.id)).toEqual(ids.filter((id) => accepted.has(id)));
    expect(answer.sent).toBe(accepted.size);

    // The rest go out at once from the next pass (no claim to wait out), each exactly once.
    mail.smtp.reply = () => 'accept';
    await mail.platform.deliverNotifications();
    expect((await Promise.all(ids.map((id) => outboxRow(mail.platform, 'norman', id)))).map((row) => row.status)).toEqual(Array(20).fill('SENT'));
    const copies = new Map<string, number>();
    for (const id of mail.smtp.accepted.slice(before).map(rowOf)) if (id) copies.set(id, (copies.get(id) ?? 0) + 1);
    expect([...copies.values()].filter((n) => n > 1)).toEqual([]);
    expect(copies.size).toBe(20);
  },
  90_000,
);
