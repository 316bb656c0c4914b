// pnpm bench (notifications): 10,000 queued emails (receipts, English and
// Spanish, two cities) delivered by the delivery worker's own function (the
// `notifications.deliver` job: claims with SKIP LOCKED, render, SMTP through
// nodemailer's connection pool, outcome per message) to a local SMTP server
// (smtp-server, in this process, accepting everything). The server shares
// the machine's cores with the worker and PostgreSQL.
// First: TypeORM (through @platform/db) loads reflect-metadata, which the decorators of the services need.
import db from '@platform/db';
import core from '@platform/core';
import { SMTPServer } from 'smtp-server';
import { openBenchDatabase } from './bench-database.mjs';
import gatewayPackage from '@platform/gateway';
import notifications from '@platform/notifications';
import tenants from '@platform/tenants';

const { withTenant } = db;
const { systemClock } = core;
const { createServiceModules, paymentsSettingsFor, loadConfig, createLogger, migrateDatabase, openAppDataSource, seedDemoData } = gatewayPackage;
const { createSmtpSender, createDevSmsSink, deliverDueNotifications } = notifications;
const { findTenantBySlug } = tenants;

const MESSAGES = Number(process.env.BENCH_NOTIFICATIONS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_NOTIFICATIONS_CONCURRENCY ?? 10);
const CONNECTIONS = Number(process.env.BENCH_NOTIFICATIONS_CONNECTIONS ?? 5);
const POOL_SIZE = 10;

async function main() {
  let accepted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        accepted++;
        callback(null, 'queued');
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${server.server.address().port}`;

  const database = await openBenchDatabase('notifications');
  const config = loadConfig({});
  const modules = createServiceModules({ sessions: config.sessions, payments: paymentsSettingsFor(config.processor) });
  await migrateDatabase(database.settings, modules);
  const appDb = await openAppDataSource(database.settings, modules, POOL_SIZE, 'platform-bench');
  const email = createSmtpSender({ url: smtpUrl, requireTls: false, tlsRejectUnauthorized: true, maxConnections: CONNECTIONS, timeoutMs: 30_000 });
  try {
    await seedDemoData(appDb, modules, createLogger('silent'));
    let started = performance.now();
    // Seven in ten for Norwalk (half of them in Spanish), the rest for Norman.
    const norwalkCount = Math.round(MESSAGES * 0.7);
    await queueReceipts(appDb, await findTenantBySlug(appDb, 'norwalk'), norwalkCount, (i) => (i % 2 ? 'es' : 'en'));
    await queueReceipts(appDb, await findTenantBySlug(appDb, 'norman'), MESSAGES - norwalkCount, () => 'en');
    const setupSeconds = (performance.now() - started) / 1000;

    const delivery = { ...config.notifications.delivery, publicUrl: 'https://billing.example', concurrency: CONCURRENCY, passBudgetMs: 3_600_000 };
    started = performance.now();
    const counts = await deliverDueNotifications({ db: appDb, log: createLogger('silent'), clock: systemClock, delivery, channels: { email, sms: createDevSmsSink('/tmp/bench-sms') } });
    const seconds = (performance.now() - started) / 1000;
    if (counts.sent !== MESSAGES || accepted !== MESSAGES) throw new Error(`sent ${counts.sent}, server accepted ${accepted}, of ${MESSAGES}: ${JSON.stringify(counts)}`);

    process.stdout.write(
      `\nnotification delivery: ${MESSAGES.toLocaleString('en-US')} queued receipts (2 cities, English and Spanish) to a local SMTP server, ${CONCURRENCY} sends at once over ${CONNECTIONS} SMTP connections\n`,
    );
    process.stdout.write(`  queue (SQL bulk)  ${setupSeconds.toFixed(2)} s\n`);
    process.stdout.write(`  deliver           ${seconds.toFixed(2)} s  (${Math.round(MESSAGES / seconds).toLocaleString('en-US')} messages/s; every one SENT and accepted once)\n`);
    process.stdout.write(`  process RSS       ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB\n`);
  } finally {
    email.close();
    await appDb.destroy();
    await database.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Receipts as the payments service writes them, straight into the outbox with SQL. */
async function queueReceipts(appDb, tenant, count, localeOf) {
  await withTenant({ db: appDb, tenant }, (manager) =>
    manager.query(
      `INSERT INTO notification_outbox (tenant_id, id, created_at, channel, recipient, locale, template, data)
       SELECT $1, gen_random_uuid(), now(), 'EMAIL', 'payer' || n || '@example.com', (CASE WHEN n % 2 = 1 THEN $3 ELSE 'en' END), 'PAYMENT_RECEIPT',
              jsonb_build_object('confirmationNumber', 'BNCH-' || lpad(n::text, 9, '0'), 'amount', '$88.05', 'expectedPostingDate', '2026-11-24',
                                 'method', 'VISA 4242', 'allocations', 'Account **-**01-00: $88.05')
         FROM generate_series(1, $2) AS n`,
      [tenant.id, count, localeOf(1)],
    ),
  );
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
