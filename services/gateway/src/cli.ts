import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock } from '@platform/core';
import { runAutopayForDate } from '@platform/autopay';
import { importBills, readBillCsv, type BillRow } from '@platform/billing';
import { simulateCall } from '@platform/phone';
import { DEV_PAY_CONNECTOR_CREDENTIALS } from '@platform/processor-sandbox';
import { createTenant, findTenantBySlug, listTenants, toTenantRef, updateTenant, type TenantResult, type TenantSettingsInput } from '@platform/tenants';
import { createDevSmsSink, createSmtpSender, createTwilioSmsSender, deliverDueNotifications, listDevMailbox } from '@platform/notifications';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { createServiceModules } from './modules';
import { serviceSettingsFor } from './processor';
import { openAppDataSource, prepareDatabase } from './platform';

const USAGE = `Usage: pnpm cli <command> [options]

Commands:
  migrate                                   apply pending migrations
  tenant:list                               print every city
  tenant:create --file city.json            add a city; the file is CreateTenantInput as JSON
  tenant:update --slug SLUG --file patch.json
                                            change a city; the file is UpdateTenantInput as JSON
  billing:import --slug SLUG --file bills.csv
                                            import a city's bills, all or nothing (columns as importBillsCsv)
  autopay:run --slug SLUG --date YYYY-MM-DD
                                            run a city's autopay for a date up to today (as runAutopay);
                                            rerunning charges nobody twice; charges through PROCESSOR_URL
                                            (unset: the sandbox of a running pnpm start)
  mail:list                                 list the development mailbox (.data/mail, DEV_MAILBOX_DIR): what
                                            pnpm start "sent" without SMTP_URL, oldest first
  notifications:deliver                     one delivery pass: send every due message through SMTP_URL
                                            (unset: the development mailbox of a running pnpm start)
  phone:call --to NUMBER [--from +15555550123] [--url http://127.0.0.1:4000] [--connector-url URL] [--token TOKEN]
                                            call a city's pay-by-phone line on a running gateway, in this
                                            terminal: prompts as text, keys from stdin (one answer a line),
                                            card digits sent to the pay connector (default: the sandbox's)

The database comes from DATABASE_URL (or the embedded one under .data/), as for pnpm start.
Exit codes: 0 done, 1 refused (the reasons are printed), 2 usage or configuration error.`;

/**
 * Operator commands without GraphQL, for the same domain functions the
 * operator mutations call. The CLI is trusted like the operator's key:
 * whoever can run it can already reach the database.
 */
async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      slug: { type: 'string' },
      date: { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      url: { type: 'string' },
      'connector-url': { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const command = positionals[0];
  if (values.help || !command || !['migrate', 'tenant:list', 'tenant:create', 'tenant:update', 'billing:import', 'autopay:run', 'mail:list', 'notifications:deliver', 'phone:call'].includes(command)) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }

  if (command === 'phone:call') return phoneCall(values);

  // Read and check the input before touching the database.
  const file = command === 'tenant:create' || command === 'tenant:update' ? readJsonFile(values.file) : {};
  if (!file) return 2;
  if (command === 'tenant:update' && !values.slug) return usageError('tenant:update needs --slug');
  const bills = command === 'billing:import' ? readBillFile(values.file, values.slug) : null;
  if (typeof bills === 'number') return bills;
  if (command === 'autopay:run' && (!values.slug || !values.date)) return usageError('autopay:run needs --slug and --date');

  const config = loadConfig();
  if (command === 'mail:list') return listMail(config.notifications.devMailbox.dir);
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const settings = serviceSettingsFor(config);
  const modules = createServiceModules(settings);
  const database = await prepareDatabase(config, modules, log);
  const db = await openAppDataSource(database.settings, modules, 2, 'platform-cli');
  const ctx = { db, clock: systemClock, locale: 'en' as const };
  try {
    switch (command) {
      case 'migrate':
        process.stdout.write('migrations are up to date\n');
        return 0;
      case 'tenant:list':
        for (const tenant of await listTenants(db)) process.stdout.write(`${tenant.slug}\t${tenant.settings.displayName}\t${tenant.settings.timeZone}\n`);
        return 0;
      case 'tenant:create': {
        const input = readJsonFile(values.file);
        if (!input) return 2;
        const { slug, ...settings } = input;
        return report(await createTenant(ctx, { slug: typeof slug === 'string' ? slug : '', settings: settings as TenantSettingsInput }, 'cli'));
      }
      case 'tenant:update': {
        const patch = readJsonFile(values.file);
        if (!patch || !values.slug) return usageError('tenant:update needs --slug and --file');
        return report(await updateTenant(ctx, values.slug, patch, 'cli'));
      }
      case 'billing:import': {
        const tenant = values.slug ? await findTenantBySlug(db, values.slug) : null;
        if (!tenant || !bills) return usageError(`no city called "${values.slug ?? ''}"`);
        const started = process.hrtime.bigint();
        const outcome = await importBills({ db, tenant: toTenantRef(tenant), clock: systemClock, locale: tenant.settings.defaultLocale }, bills, {
          source: 'CLI',
          actor: 'cli',
          payableKinds: tenant.settings.paymentRules.payableKinds,
        });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const { errors, ...counts } = outcome;
        process.stdout.write(`${JSON.stringify({ ok: outcome.errorCount === 0, ...counts, seconds: Math.round(seconds * 100) / 100, rowErrors: errors }, null, 2)}\n`);
        return outcome.errorCount === 0 ? 0 : 1;
      }
      case 'autopay:run': {
        const tenant = values.slug ? await findTenantBySlug(db, values.slug) : null;
        if (!tenant) return usageError(`no city called "${values.slug ?? ''}"`);
        const started = process.hrtime.bigint();
        const scope = { db, tenant: toTenantRef(tenant), clock: systemClock, locale: tenant.settings.defaultLocale };
        const result = await runAutopayForDate(scope, { payments: settings.payments }, tenant, { date: values.date ?? '', trigger: 'CLI', actor: 'cli' });
        const seconds = Math.round((Number(process.hrtime.bigint() - started) / 1e9) * 100) / 100;
        if (!result.ok) {
          process.stdout.write(`${JSON.stringify({ ok: false, userErrors: result.userErrors }, null, 2)}\n`);
          return 1;
        }
        const { run, summary } = result.value;
        const { amountChargedCents, ...counts } = summary;
        process.stdout.write(`${JSON.stringify({ ok: true, runId: run.id, date: run.runDate, ...counts, amountChargedCents: amountChargedCents.toString(), seconds }, null, 2)}\n`);
        return 0;
      }
      case 'notifications:deliver': {
        const { notifications } = config;
        // Without SMTP_URL, the development mailbox a running `pnpm start` holds open.
        const smtp = notifications.smtp ?? { url: `smtp://127.0.0.1:${notifications.devMailbox.port}`, requireTls: false, tlsRejectUnauthorized: true, maxConnections: 5, timeoutMs: 10_000 };
        const email = createSmtpSender(smtp);
        const sms = notifications.twilio ? createTwilioSmsSender(notifications.twilio) : createDevSmsSink(notifications.devSmsDir);
        try {
          const counts = await deliverDueNotifications({
            db,
            log,
            delivery: { ...notifications.delivery, publicUrl: notifications.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}` },
            channels: { email, sms },
          });
          process.stdout.write(`${JSON.stringify({ ok: true, ...counts })}\n`);
          return 0;
        } finally {
          email.close();
        }
      }
      default:
        return 2;
    }
  } finally {
    await db.destroy();
    await database.embedded?.stop();
  }
}

/** The development mailbox's messages, a line each: when, to whom, subject, file. */
function listMail(dir: string): number {
  const entries = listDevMailbox(dir);
  if (entries.length === 0) process.stdout.write(`no messages in ${dir}\n`);
  for (const entry of entries) process.stdout.write(`${entry.receivedAt.toISOString()}\t${entry.to}\t${entry.subject}\t${entry.file}\n`);
  return 0;
}

/**
 * The phone simulator: plays a call against a running gateway, as the
 * telephony provider would (signed webhooks, the pay connector for the card).
 * Needs no database of its own.
 */
async function phoneCall(values: { to?: string; from?: string; url?: string; 'connector-url'?: string; token?: string }): Promise<number> {
  if (!values.to) return usageError("phone:call needs --to, the city's pay-by-phone number");
  const config = loadConfig();
  const token = values.token ?? config.phone.defaultAuthToken;
  if (!token) return usageError('phone:call needs --token (no PHONE_AUTH_TOKEN is set)');
  const processorUrl = config.processor.url ?? `http://127.0.0.1:${config.processor.sandboxPort}`;
  await simulateCall({
    baseUrl: values.url ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`,
    to: values.to,
    from: values.from ?? '+15555550123',
    authToken: token,
    connectorUrl: values['connector-url'] ?? `${processorUrl}/v1/generic-pay-connector`,
    connectorCredentials: {
      username: process.env.SANDBOX_PAY_CONNECTOR_USERNAME ?? DEV_PAY_CONNECTOR_CREDENTIALS.username,
      password: process.env.SANDBOX_PAY_CONNECTOR_PASSWORD ?? DEV_PAY_CONNECTOR_CREDENTIALS.password,
    },
    input: process.stdin,
    output: process.stdout,
  });
  return 0;
}

/** The file's bills, or the exit code when it cannot be read (2) or is not a bill CSV (1, reason printed). */
function readBillFile(file: string | undefined, slug: string | undefined): BillRow[] | number {
  if (!file || !slug) return usageError('billing:import needs --slug and --file');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return usageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = readBillCsv(text);
  if (parsed.ok) return parsed.rows;
  process.stdout.write(`${JSON.stringify({ ok: false, line: parsed.line, problem: parsed.detail })}\n`);
  return 1;
}

function readJsonFile(file: string | undefined): Record<string, unknown> | null {
  if (!file) {
    usageError('--file is required');
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    usageError(`${file} must hold a JSON object`);
  } catch (error) {
    usageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return null;
}

function usageError(message: string): number {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  return 2;
}

function report(result: TenantResult): number {
  if (result.ok) {
    process.stdout.write(`${JSON.stringify({ ok: true, slug: result.value.slug, id: result.value.id })}\n`);
    return 0;
  }
  process.stdout.write(`${JSON.stringify({ ok: false, userErrors: result.userErrors }, null, 2)}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
