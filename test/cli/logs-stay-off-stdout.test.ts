import { outboxRow, queueMessage, platformWithMailCatcher } from '../notifications/notification-api';
import { runCliWith } from './run-cli';

/*
 * A command's answer is JSON on stdout, "where scripts read it" (cli-io.ts); what the platform logs along the way
 * goes to stderr. Found by attack: the CLI's logger wrote to stdout, so with the default LOG_LEVEL (warn) a delivery
 * pass that met a bounce printed pino's line before its counts, and `pnpm cli notifications:deliver | jq .failed` or
 * JSON.parse of the output failed on the very run an operator needed to read.
 */

const env = platformWithMailCatcher((smtp) => ({ notifications: { smtpUrl: smtp.url } }));

it('notifications:deliver prints only its counts on stdout when a message bounces; the warning goes to stderr', async () => {
  const to = 'no-such-mailbox@example.com';
  env.smtp.refuseRecipient = (recipient) => (recipient === to ? { code: 550, message: '5.1.1 <no-such-mailbox@example.com>: Recipient address rejected: User unknown' } : null);
  const id = await queueMessage(env.platform, 'norwalk', { to });
  // LOG_LEVEL as an operator leaves it: warn, the default.
  const result = await runCliWith(
    { DATABASE_URL: env.platform.settings.adminUrl, DATABASE_NAME: env.platform.settings.databaseName, SMTP_URL: env.smtp.url, LOG_LEVEL: 'warn' },
    'notifications:deliver',
  );
  expect({ code: result.code, answer: JSON.parse(result.stdout) as unknown }).toMatchObject({ code: 0, answer: { ok: true, failed: 1 } });
  expect(result.stderr).toContain('notification failed for good');
  expect(await outboxRow(env.platform, 'norwalk', id)).toMatchObject({ status: 'FAILED', failure_reason: 'BOUNCED' });
}, 90_000);
