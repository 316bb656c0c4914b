import { runAutopayForDate } from '@platform/autopay';
import { billCsvProblemText, importBillBatch, readBillCsv, type BillRow } from '@platform/billing';
import { systemClock, UserErrorCode, type UserError } from '@platform/core';
import { createSmtpSender, deliverDueNotifications } from '@platform/notifications';
import { NO_PLATFORM_HOSTS, createTenant, findTenantBySlug, listTenants, toTenantRef, updateTenant, type TenantResult, type TenantSettingsInput } from '@platform/tenants';
import type { ServiceModule } from '@platform/api';
import { getNamedType, isEnumType, isInputObjectType, type GraphQLInputObjectType, type GraphQLNamedType } from 'graphql';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { loadConfig, type GatewayConfig } from '../config';
import { createLogger } from '../logger';
import { autopaySettingsFor, createServiceModules, type ServiceSettings } from '../modules';
import { buildGatewaySchema } from '../schema';
import { openAppDataSource, prepareDatabase } from '../platform';
import { serviceSettingsFor } from '../processor';
import { smsSenderFor } from '../notifications';
import { localGatewayUrl, printJson, readJsonFile, readTextFile, usageError, type CliOptions, type PlatformCommand } from './cli-io';

/** The commands that work on the platform's database, through the same domain functions as the operator mutations. */

interface Platform {
  readonly config: GatewayConfig;
  /** The migrations opening the database applied (see prepareDatabase). */
  readonly applied: readonly string[];
  readonly settings: ServiceSettings;
  readonly db: DataSource;
  readonly log: Logger;
}

/**
 * Reads the command's files first (nothing is touched for a bad one), then
 * opens the database (migrating it) and runs it. Its options are present:
 * `missingOption` has been asked.
 */
export async function runPlatformCommand(command: PlatformCommand, options: CliOptions): Promise<number> {
  let input = readInput(command, options);
  if (typeof input === 'number') return input;
  const config = loadConfig();
  // On stderr: stdout is the command's answer, which scripts parse.
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr);
  const settings = serviceSettingsFor(config);
  const modules = createServiceModules(settings);
  if (input && 'json' in input) {
    const read = await readAsMutationInput(modules, command, input.json);
    if (read.unknown.length > 0) {
      printJson({ ok: false, userErrors: read.unknown });
      return 1;
    }
    input = { json: read.json };
  }
  const database = await prepareDatabase(config, modules, log);
  const db = await openAppDataSource(database.settings, modules, 2, 'platform-cli');
  try {
    return await run(command, options, input, { config, applied: database.applied, settings, db, log });
  } finally {
    await db.destroy();
    await database.embedded?.stop();
  }
}

/**
 * A city's file read as its mutation's input type (CreateTenantInput, UpdateTenantInput) reads the same JSON sent
 * as variables, so one file goes through the command and the mutation alike:
 * - a field the type does not have is `unknown`: GraphQL refuses a misspelt setting, which the settings' own checks,
 *   reading only the fields they know, would drop while the command said ok;
 * - an enum value written as the API writes it ("ES", as createTenant takes it and `tenant { locales }` shows it)
 *   becomes the value the settings keep ("es"), which the file may also give.
 * A value of the wrong type is left as it is, for the checks to refuse field by field with every other problem.
 */
async function readAsMutationInput(
  modules: readonly ServiceModule[],
  command: PlatformCommand,
  json: Record<string, unknown>,
): Promise<{ readonly json: Record<string, unknown>; readonly unknown: UserError[] }> {
  const type = (await buildGatewaySchema(modules)).getType(command === 'tenant:create' ? 'CreateTenantInput' : 'UpdateTenantInput');
  if (!isInputObjectType(type)) throw new Error(`no input type for ${command}`);
  const unknown: UserError[] = [];
  return { json: readFields(type, json, ['input'], unknown), unknown };
}

function readFields(type: GraphQLInputObjectType, value: Record<string, unknown>, path: readonly string[], unknown: UserError[]): Record<string, unknown> {
  const fields = type.getFields();
  return Object.fromEntries(
    Object.entries(value).map(([name, inner]) => {
      const field = fields[name];
      if (!field) unknown.push({ field: [...path, name], code: UserErrorCode.INVALID, message: `${type.name} has no field "${name}".` });
      return [name, field ? readValue(getNamedType(field.type), inner, [...path, name], unknown) : inner];
    }),
  );
}

function readValue(type: GraphQLNamedType, value: unknown, path: readonly string[], unknown: UserError[]): unknown {
  if (Array.isArray(value)) return value.map((item, index) => readValue(type, item, [...path, String(index)], unknown));
  if (isInputObjectType(type) && typeof value === 'object' && value !== null) return readFields(type, value as Record<string, unknown>, path, unknown);
  if (isEnumType(type) && typeof value === 'string') return type.getValue(value)?.value ?? value;
  return value;
}

/** Who acts, in histories and the audit log, when the operator runs a command. */
const CLI_ACTOR = 'cli';

type Input = { readonly json: Record<string, unknown> } | { readonly bills: BillRow[] } | null;

/** What the command reads from files, checked; or the exit code when it is not usable. */
function readInput(command: PlatformCommand, options: CliOptions): Input | number {
  switch (command) {
    case 'tenant:create':
    case 'tenant:update': {
      const json = readJsonFile(options.file);
      return json ? { json } : 2;
    }
    case 'billing:import': {
      const text = readTextFile(options.file);
      if (text === null) return 2;
      const parsed = readBillCsv(text);
      if (parsed.ok) return { bills: parsed.rows };
      printJson({ ok: false, line: parsed.line, problem: billCsvProblemText('en', parsed.problem) });
      return 1;
    }
    default:
      return null;
  }
}

async function run(command: PlatformCommand, options: CliOptions, input: Input, { config, applied, settings, db, log }: Platform): Promise<number> {
  // A city's audit log names the CLI as who changed its settings, from where: there is no client address.
  const ctx = { db, clock: systemClock, locale: 'en' as const, clientIp: CLI_ACTOR };
  switch (command) {
    case 'migrate':
      // Opening the database migrated it: say what that did.
      process.stdout.write(applied.length === 0 ? 'migrations are up to date\n' : `applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}\n`).join('')}`);
      return 0;
    case 'tenant:list': {
      const tenants = await listTenants(db);
      // An empty list on stdout alone looked like a command that failed silently; the hint goes to stderr so a
      // script reading the tab-separated lines still reads none.
      if (tenants.length === 0) process.stderr.write('no cities yet: add one with tenant:create --file city.json\n');
      for (const tenant of tenants) process.stdout.write(`${tenant.slug}\t${tenant.settings.displayName}\t${tenant.settings.timeZone}\n`);
      return 0;
    }
    case 'tenant:create': {
      const { slug, ...fields } = input && 'json' in input ? input.json : {};
      return report(await createTenant(ctx, settings.tenants ?? NO_PLATFORM_HOSTS, { slug: typeof slug === 'string' ? slug : '', settings: fields as TenantSettingsInput }, CLI_ACTOR));
    }
    case 'tenant:update':
      return report(await updateTenant(ctx, settings.tenants ?? NO_PLATFORM_HOSTS, options.slug ?? '', input && 'json' in input ? input.json : {}, CLI_ACTOR));
    case 'billing:import': {
      const tenant = await findTenantBySlug(db, options.slug ?? '');
      if (!tenant) return usageError(`no city called "${options.slug ?? ''}"`);
      const started = process.hrtime.bigint();
      const scope = { db, tenant: toTenantRef(tenant), clock: systemClock, locale: tenant.settings.defaultLocale };
      // The audit log names the CLI as who imported, from where: there is no signed-in user or client address.
      const result = await importBillBatch({ ...scope, clientIp: CLI_ACTOR, viewer: null, operator: false }, input && 'bills' in input ? input.bills : [], {
        source: 'CLI',
        actor: CLI_ACTOR,
        at: ['file'],
        payableKinds: tenant.settings.paymentRules.payableKinds,
        // The way in for files larger than a request takes: the operator fixes the export from what this prints.
        everyError: true,
      });
      if (!result.ok) {
        printJson({ ok: false, userErrors: result.userErrors }, 2);
        return 1;
      }
      const { errors, ...counts } = result.value;
      printJson({ ok: counts.errorCount === 0, ...counts, seconds: secondsSince(started), rowErrors: errors }, 2);
      return counts.errorCount === 0 ? 0 : 1;
    }
    case 'autopay:run': {
      const tenant = await findTenantBySlug(db, options.slug ?? '');
      if (!tenant) return usageError(`no city called "${options.slug ?? ''}"`);
      const started = process.hrtime.bigint();
      const scope = { db, tenant: toTenantRef(tenant), clock: systemClock, locale: tenant.settings.defaultLocale };
      // The audit log names the CLI as who ran it, as for an import: there is no signed-in user or client address.
      const asked = { ...scope, clientIp: CLI_ACTOR, viewer: null, operator: false };
      // What was sent is answered and recorded, and the next run takes up the rest.
      const { value: result } = await untilSignalled((stopping) =>
        runAutopayForDate(asked, autopaySettingsFor(settings), tenant, { date: options.date ?? '', trigger: 'CLI', actor: CLI_ACTOR }, stopping),
      );
      if (!result.ok) {
        printJson({ ok: false, userErrors: result.userErrors }, 2);
        return 1;
      }
      const { run, summary } = result.value;
      const { amountChargedCents, totalChargedCents, ...counts } = summary;
      const finished = run.finishedAt !== null;
      printJson(
        {
          ok: finished,
          ...(finished ? {} : { stopped: true }),
          runId: run.id,
          date: run.runDate,
          ...counts,
          // As the API's summary: toward the accounts, fees aside; and what the cards and bank accounts were charged.
          amountChargedCents: amountChargedCents.toString(),
          totalChargedCents: totalChargedCents.toString(),
          seconds: secondsSince(started),
        },
        2,
      );
      return finished ? 0 : 1;
    }
    case 'notifications:deliver': {
      const { notifications } = config;
      // Without SMTP_URL, the development mailbox a running `pnpm start` holds open.
      const smtp = notifications.smtp ?? { url: `smtp://127.0.0.1:${notifications.devMailbox.port}`, requireTls: false, tlsRejectUnauthorized: true, maxConnections: 5, timeoutMs: 10_000 };
      const email = createSmtpSender(smtp);
      const sms = smsSenderFor(notifications);
      try {
        // The sends under way finish and are recorded, the rest handed back: a message the relay took is never left
        // PENDING under a dead process's claim, to reach the resident again once the claim lapses.
        const { value: counts, stopped } = await untilSignalled((stopping) =>
          deliverDueNotifications({
            db,
            log,
            clock: systemClock,
            delivery: { ...notifications.delivery, publicUrl: notifications.publicUrl ?? localGatewayUrl(config) },
            channels: { email, sms },
            stopping,
          }),
        );
        printJson({ ok: !stopped, ...(stopped ? { stopped: true } : {}), ...counts });
        return stopped ? 1 : 0;
      } finally {
        email.close();
      }
    }
  }
}

/**
 * Runs `work` with a signal that the first Ctrl-C or SIGTERM aborts, as a stopping worker's is: the command finishes
 * what it has under way, records it and says so (`stopped`), rather than die where it stands. A second signal kills
 * the process as usual (the handlers are `once`). The first says so on stderr at once: a run waiting on a slow
 * processor would otherwise look hung, and the operator would not know a second Ctrl-C cuts it short.
 */
async function untilSignalled<T>(work: (stopping: AbortSignal) => Promise<T>): Promise<{ readonly value: T; readonly stopped: boolean }> {
  const stopping = new AbortController();
  const stop = () => {
    process.stderr.write(STOPPING_NOTICE);
    stopping.abort();
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    const value = await work(stopping.signal);
    return { value, stopped: stopping.signal.aborted };
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }
}

const STOPPING_NOTICE = 'Stopping: what is under way is finished and recorded first. A second Ctrl-C ends at once.\n';

const secondsSince = (started: bigint) => Math.round((Number(process.hrtime.bigint() - started) / 1e9) * 100) / 100;

function report(result: TenantResult): number {
  if (result.ok) {
    printJson({ ok: true, slug: result.value.slug, id: result.value.id });
    return 0;
  }
  printJson({ ok: false, userErrors: result.userErrors }, 2);
  return 1;
}
