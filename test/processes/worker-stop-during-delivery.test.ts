import { outboxRow, queueMessage, platformWithMailCatcher } from '../notifications/notification-api';
import { eventually, killLeftoverProcesses, startWorkerProcess } from './platform-process';

/*
 * SIGTERM to `pnpm worker` while a delivery pass works through a backlog
 * (a deploy, a scale-down). The pass is told the process is stopping: it
 * finishes the send under way, records it, and hands the rest back, so the
 * worker stops in time and nothing it sent is sent again. Before, the pass
 * went on sending until the stop's deadline cut a send off: the server had
 * the message, the outbox still said PENDING, and it went out twice.
 */

afterAll(async () => {
  await killLeftoverProcesses();
});
const env = platformWithMailCatcher((smtp) => ({ notifications: { smtpUrl: smtp.url } }));

it('stops a delivery pass cleanly on SIGTERM: what was sent is recorded, the rest handed back, nothing sent twice', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) ids.push(await queueMessage(env.platform, 'norman', { to: `stopping-${i}@example.com` }));
  // Each message takes the server 400 ms to accept: the backlog outlasts the stop's 3 s.
  env.smtp.reply = () => ({ beforeAccept: () => new Promise((resolve) => setTimeout(resolve, 400)) });
  const worker = startWorkerProcess(env.platform, {
    SMTP_URL: env.smtp.url,
    SMTP_TIMEOUT_MS: '2000',
    NOTIFICATION_CONCURRENCY: '1',
    PROCESSOR_TIMEOUT_MS: '1000',
    SHUTDOWN_TIMEOUT_MS: '3000',
    LOG_LEVEL: 'info',
  });
  await eventually(
    () => env.smtp.accepted.length,
    (n) => n >= 2,
    40_000,
  );
  worker.child.kill('SIGTERM');
  expect((await worker.exited).code).toBe(0);
  expect(worker.output()).not.toContain('shutdown timed out');

  // Every message the server took is recorded SENT; none is left claimed.
  const accepted = new Set(env.smtp.accepted.map((m) => m.parsed.messageId));
  const rows = await Promise.all(ids.map((id) => outboxRow(env.platform, 'norman', id)));
  expect(rows.filter((row) => accepted.has(`<${row.id}@norman.example>`)).every((row) => row.status === 'SENT')).toBe(true);
  expect(rows.filter((row) => row.status === 'SENT').length).toBe(accepted.size);

  // The rest go out at once from another worker (no claim to wait out), each exactly once.
  env.smtp.reply = () => 'accept';
  await env.platform.deliverNotifications();
  expect((await Promise.all(ids.map((id) => outboxRow(env.platform, 'norman', id)))).map((row) => row.status)).toEqual(Array(30).fill('SENT'));
  const copies = new Map<string, number>();
  for (const m of env.smtp.accepted) copies.set(m.parsed.messageId ?? '', (copies.get(m.parsed.messageId ?? '') ?? 0) + 1);
  expect([...copies.values()].filter((n) => n > 1)).toEqual([]);
  expect(copies.size).toBe(30);
}, 60_000);
