import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withClient } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { LOOKUP } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { runCli } from './run-cli';

/*
 * The operator CLI (`pnpm cli`), the built program in its own process, against
 * this file's database. One file for every command, so they share one
 * started platform.
 */

let platform: TestPlatform;
let dir: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  dir = mkdtempSync(path.join(tmpdir(), 'cli-'));
});
afterAll(() => platform.close());

// Each test gets 90 s: it starts up to three CLI processes, a second or two of CPU each alone, several times that while
// CI runs four test files at once on two cores (a test of three outlived 30 s there).
const cli = (...args: string[]) => runCli(platform, ...args);

function writeFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const jsonFile = (name: string, content: unknown): string => writeFile(name, JSON.stringify(content));
const csvFile = (name: string, lines: string[]): string => writeFile(name, `${lines.join('\n')}\n`);

describe('migrate', () => {
  it('says which migrations it applied to a new database, that none were pending on the next run, and that it has no city yet', async () => {
    const fresh = `${platform.settings.databaseName}_fresh`;
    const onFresh = (...args: string[]) => runCli({ ...platform, settings: { ...platform.settings, databaseName: fresh } }, ...args);
    const migrate = () => onFresh('migrate');
    try {
      const first = await migrate();
      const [applied] = await withClient(platform.settings.adminUrl.replace(/\/[^/]*$/, `/${fresh}`), (client) =>
        client.query<{ names: string[] }>('SELECT array_agg(name ORDER BY id) AS names FROM schema_migrations'),
      ).then((result) => result.rows);
      expect(first).toMatchObject({ code: 0, stdout: `applied ${applied!.names.length} migration(s):\n${applied!.names.map((name) => `  ${name}\n`).join('')}` });
      expect(await migrate()).toMatchObject({ code: 0, stdout: 'migrations are up to date\n' });
      // A database with no city yet says so, rather than print nothing as if the command had failed.
      expect(await onFresh('tenant:list')).toMatchObject({
        code: 0,
        stdout: '',
        stderr: 'no cities yet: add one with tenant:create --file city.json\n',
      });
    } finally {
      await withClient(platform.settings.adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${fresh}" WITH (FORCE)`));
    }
  }, 90_000);
});

describe('tenant commands', () => {
  it('tenant:create adds a city that the running gateway serves at once', async () => {
    const file = jsonFile('tulsa.json', { slug: 'tulsa', name: 'City of Tulsa', timezone: 'America/Chicago', autopayRules: { deductionDay: 12 } });
    const result = await cli('tenant:create', '--file', file);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, slug: 'tulsa' });
    const { tenant } = await platform.client.asTenant('tulsa').data<{ tenant: unknown }>('{ tenant { name autopayRules { deductionDay } } }');
    expect(tenant).toEqual({ name: 'City of Tulsa', autopayRules: { deductionDay: 12 } });
  }, 90_000);

  it('tenant:create refuses bad input with the reasons and exit code 1, writing nothing', async () => {
    const file = jsonFile('bad.json', { slug: 'Bad!', name: 'Bad', timezone: 'Nowhere/Land', autopayRules: { deductionDay: 32 }, paymentRules: { echeckAccepted: 'yes' } });
    const result = await cli('tenant:create', '--file', file);
    expect(result.code).toBe(1);
    const { ok, userErrors } = JSON.parse(result.stdout) as { ok: boolean; userErrors: { field: string[]; code: string; message: string }[] };
    expect(ok).toBe(false);
    expect(userErrors.map((e) => e.code).sort()).toEqual(['INVALID', 'INVALID_DEDUCTION_DAY', 'INVALID_TIME_ZONE', 'SLUG_MALFORMED']);
    // A value of the wrong type (only a file can send one) is said plainly, without the validator's own words.
    expect(userErrors.find((e) => e.code === 'INVALID')).toEqual({ field: ['input', 'paymentRules', 'echeckAccepted'], code: 'INVALID', message: 'This value is not valid.' });
    const [row] = await platform.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM tenants WHERE display_name = 'Bad'`);
    expect(row!.n).toBe('0');
  }, 90_000);

  it('tenant:create takes the file createTenant takes, enums written as the API writes them ("ES", "DISCOVER", "MON")', async () => {
    const city = {
      slug: 'kailua',
      name: 'Condado de Kailua',
      timezone: 'Pacific/Honolulu',
      locales: ['ES'],
      defaultLocale: 'ES',
      signInIdentifier: 'USERNAME',
      contact: { customerServicePhone: '808-555-0142', supportHours: [{ days: ['MON', 'WED', 'FRI'], opens: '07:45', closes: '16:30' }] },
      paymentRules: {
        acceptedCardBrands: ['VISA', 'DISCOVER'],
        convenienceFee: { kind: 'PERCENT', percentBasisPoints: 275 },
        verificationMode: 'ACCOUNT_NUMBER_AND_LAST_PAYMENT',
        payableKinds: ['UTILITY_BILL', 'CITATION'],
      },
      autopayRules: { methodsAllowedOnline: ['CARD'] },
      accountLinking: { proof: 'LAST_PAYMENT_AMOUNT' },
    };
    // The very file is good for createTenant (a slug taken on purpose, so nothing is saved).
    const api = await platform.operator.data<{ createTenant: { userErrors: { field: string[]; code: string }[] } }>(
      'mutation($input: CreateTenantInput!) { createTenant(input: $input) { userErrors { field code } } }',
      { input: { ...city, slug: 'norwalk' } },
    );
    expect(api.createTenant.userErrors).toEqual([{ field: ['input', 'slug'], code: 'SLUG_TAKEN' }]);

    const result = await cli('tenant:create', '--file', jsonFile('kailua.json', city));
    expect({ code: result.code, answer: JSON.parse(result.stdout) as unknown }).toMatchObject({ code: 0, answer: { ok: true, slug: 'kailua' } });
    // And the API shows the city as the file wrote it.
    const { tenant } = await platform.client
      .asTenant('kailua')
      .data<{ tenant: unknown }>(
        '{ tenant { locales defaultLocale signInIdentifier contact { supportHours { days } } paymentRules { acceptedCardBrands convenienceFee { kind percentBasisPoints } verificationMode payableKinds } autopayRules { methodsAllowedOnline } accountLinking { proof } } }',
      );
    expect(tenant).toEqual({
      locales: ['ES'],
      defaultLocale: 'ES',
      signInIdentifier: 'USERNAME',
      contact: { supportHours: [{ days: ['MON', 'WED', 'FRI'] }] },
      paymentRules: {
        acceptedCardBrands: ['VISA', 'DISCOVER'],
        convenienceFee: { kind: 'PERCENT', percentBasisPoints: 275 },
        verificationMode: 'ACCOUNT_NUMBER_AND_LAST_PAYMENT',
        payableKinds: ['UTILITY_BILL', 'CITATION'],
      },
      autopayRules: { methodsAllowedOnline: ['CARD'] },
      accountLinking: { proof: 'LAST_PAYMENT_AMOUNT' },
    });
  }, 90_000);

  it('tenant:update takes the languages as the API writes them or as the settings keep them, and refuses one the platform does not speak', async () => {
    const languages = async () => (await platform.client.asTenant('kailua').data<{ tenant: unknown }>('{ tenant { locales defaultLocale } }')).tenant;
    const asApi = await cli('tenant:update', '--slug', 'kailua', '--file', jsonFile('kailua-en.json', { locales: ['ES', 'EN'], defaultLocale: 'EN' }));
    expect(asApi.code).toBe(0);
    expect(await languages()).toEqual({ locales: ['ES', 'EN'], defaultLocale: 'EN' });
    const asKept = await cli('tenant:update', '--slug', 'kailua', '--file', jsonFile('kailua-es.json', { defaultLocale: 'es' }));
    expect(asKept.code).toBe(0);
    expect(await languages()).toEqual({ locales: ['ES', 'EN'], defaultLocale: 'ES' });
    const french = await cli('tenant:update', '--slug', 'kailua', '--file', jsonFile('kailua-fr.json', { locales: ['FR'] }));
    expect({ code: french.code, answer: JSON.parse(french.stdout) as unknown }).toMatchObject({
      code: 1,
      answer: { ok: false, userErrors: [expect.objectContaining({ field: ['input', 'locales', '0'], code: 'INVALID_LOCALES' })] },
    });
    expect(await languages()).toEqual({ locales: ['ES', 'EN'], defaultLocale: 'ES' });
  }, 90_000);

  it('tenant:update changes a city and tenant:list shows every city', async () => {
    const update = await cli('tenant:update', '--slug', 'norwalk', '--file', jsonFile('patch.json', { autopayRules: { deductionDay: 3 } }));
    expect(update.code).toBe(0);
    const { tenant } = await platform.client.asTenant('norwalk').data<{ tenant: unknown }>('{ tenant { autopayRules { deductionDay } } }');
    expect(tenant).toEqual({ autopayRules: { deductionDay: 3 } });
    // The city's audit log says the CLI did it.
    expect(await tenantRows(platform, 'norwalk', "SELECT actor, client_ip, detail FROM security_events WHERE kind = 'CITY_SETTINGS_CHANGED'")).toEqual([
      { actor: 'cli', client_ip: 'cli', detail: { 'autopayRules.deductionDay': '15 → 3' } },
    ]);

    const list = await cli('tenant:list');
    expect(
      list.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t')[0]),
    ).toEqual(expect.arrayContaining(['norman', 'norwalk']));
  }, 90_000);

  it('explains its usage when called wrongly', async () => {
    const result = await cli('tenant:create');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--file is required');
  }, 90_000);

  it('refuses a field the mutation input does not have (a misspelt setting), changing nothing, as GraphQL refuses it', async () => {
    const deductionDay = async () =>
      (await platform.client.asTenant('norwalk').data<{ tenant: { autopayRules: { deductionDay: number } } }>('{ tenant { autopayRules { deductionDay } } }')).tenant.autopayRules.deductionDay;
    const before = await deductionDay();
    const result = await cli('tenant:update', '--slug', 'norwalk', '--file', jsonFile('typo.json', { autopayRules: { deductionDays: before === 3 ? 4 : 3 } }));
    expect({ code: result.code, answer: JSON.parse(result.stdout) as unknown }).toEqual({
      code: 1,
      answer: { ok: false, userErrors: [{ field: ['input', 'autopayRules', 'deductionDays'], code: 'INVALID', message: 'AutopayRulesInput has no field "deductionDays".' }] },
    });
    expect(await deductionDay()).toBe(before);
  }, 90_000);

  it('refuses an option or a word a command does not take, rather than ignore it', async () => {
    const listed = await cli('tenant:list', '--slug', 'norwalk');
    expect({ code: listed.code, stdout: listed.stdout, said: listed.stderr.split('\n')[0] }).toEqual({ code: 2, stdout: '', said: 'tenant:list does not take --slug' });
    const extra = await cli('tenant:update', '--slug', 'norwalk', '--file', jsonFile('ok.json', {}), 'now');
    expect({ code: extra.code, said: extra.stderr.split('\n')[0] }).toEqual({ code: 2, said: 'tenant:update takes no arguments after it: now' });
  }, 90_000);
});

describe('billing:import', () => {
  /** Cents due on a demo account, exactly (amounts are decimal strings). */
  const centsDue = async () =>
    BigInt(
      (
        await platform.client.asTenant('norwalk').data<{ lookupAccount: { account: { amountDue: { amount: string } } } }>(LOOKUP, { input: { accountNumber: '10-1001-00' } })
      ).lookupAccount.account.amountDue.amount.replace('.', ''),
    );

  it('billing:import imports a CSV file for a city, and again harmlessly', async () => {
    const before = await centsDue();
    const file = csvFile('bills.csv', ['bill_number,account_number,issue_date,due_date,water,sewer,trash', 'CLI-1,10-1001-00,2026-11-01,2026-11-22,40.00,20.00,10.00']);
    const first = await cli('billing:import', '--slug', 'norwalk', '--file', file);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ ok: true, received: 1, imported: 1, alreadyImported: 0, rowErrors: [] });
    expect(await centsDue()).toBe(before + 7000n);
    const again = await cli('billing:import', '--slug', 'norwalk', '--file', file);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, imported: 0, alreadyImported: 1 });
  }, 90_000);

  it('billing:import reads a Windows-1252 file (Excel\'s plain "CSV") as what it is, never putting U+FFFD on a bill', async () => {
    const description = 'Lectura estimada: medidor dañado – “revisión”';
    // As Windows-1252 writes it: one byte a character, ñ 0xF1 and the dash and quotes 0x96, 0x93, 0x94 (none of them UTF-8).
    const bytes = Buffer.from(
      Array.from(`bill_number,account_number,issue_date,due_date,water,description\r\nCLI-W1,10-1001-00,2026-11-01,2026-11-22,4.00,${description}\r\n`, (char) =>
        char === '–' ? 0x96 : char === '“' ? 0x93 : char === '”' ? 0x94 : char.charCodeAt(0),
      ),
    );
    const file = path.join(dir, 'noviembre.csv');
    writeFileSync(file, bytes);
    const result = await cli('billing:import', '--slug', 'norwalk', '--file', file);
    expect({ code: result.code, output: JSON.parse(result.stdout) as unknown }).toMatchObject({ code: 0, output: { ok: true, imported: 1 } });
    expect(await tenantRows(platform, 'norwalk', `SELECT description FROM payables WHERE reference_number = 'CLI-W1'`)).toEqual([{ description }]);
  }, 90_000);

  it('billing:import refuses a bad file with every row error and exit code 1', async () => {
    const file = csvFile('bad.csv', ['bill_number,account_number,issue_date,due_date,water', 'CLI-2,10-1001-00,yesterday,2026-11-22,1.00', 'CLI-3,00-0000-00,2026-11-01,2026-11-22,1.00']);
    const result = await cli('billing:import', '--slug', 'norwalk', '--file', file);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as { ok: boolean; imported: number; rowErrors: { line: number; code: string }[] };
    expect(output).toMatchObject({ ok: false, imported: 0 });
    expect(output.rowErrors.map((e) => [e.line, e.code])).toEqual([
      [2, 'INVALID_DATE'],
      [3, 'ACCOUNT_NOT_FOUND'],
    ]);
  }, 90_000);

  it('billing:import prints every row error of a large export, not only the first 1,000 an API answer shows (found by review: cut at 1,000)', async () => {
    // 1,500 rows whose issue date the export wrote the American way: each is refused at its line.
    const rows = Array.from({ length: 1500 }, (_, i) => `CLI-E${i},10-1001-00,11/01/2026,2026-11-22,10.00`);
    const result = await cli('billing:import', '--slug', 'norwalk', '--file', csvFile('us-dates.csv', ['bill_number,account_number,issue_date,due_date,water', ...rows]));
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as { ok: boolean; imported: number; errorCount: number; rowErrors: { line: number; field: string; code: string }[] };
    expect(output).toMatchObject({ ok: false, imported: 0, errorCount: 1500 });
    expect(output.rowErrors.map((e) => e.line)).toEqual(Array.from({ length: 1500 }, (_, i) => i + 2));
    expect(output.rowErrors.at(-1)).toMatchObject({ line: 1501, field: 'issue_date', code: 'INVALID_DATE' });
  }, 90_000);

  it('billing:import refuses an export with a header and no bills with exit code 1, as importBillsCsv refuses it (found by review: reported as imported)', async () => {
    const result = await cli('billing:import', '--slug', 'norwalk', '--file', csvFile('empty.csv', ['bill_number,account_number,issue_date,due_date,water,sewer,trash', '', ',,,,,,']));
    expect({ code: result.code, output: JSON.parse(result.stdout) as unknown }).toEqual({
      code: 1,
      output: { ok: false, userErrors: [{ field: ['file'], code: 'REQUIRED', message: 'The file has no bills: only a header row (blank lines and rows of empty cells are skipped).' }] },
    });
  }, 90_000);

  it("billing:import records an import that adds bills in the city's audit log, by the CLI, as an import through the API is (found by review: none was)", async () => {
    type Event = { actor: string; client_ip: string; detail: Record<string, string> };
    const events = () => tenantRows<Event>(platform, 'norwalk', "SELECT actor, client_ip, detail FROM security_events WHERE kind = 'BILLS_IMPORTED' ORDER BY occurred_at, id");
    const before = await events();
    const file = csvFile('audited.csv', ['bill_number,account_number,issue_date,due_date,water', 'CLI-A1,10-1001-00,2026-11-01,2026-11-22,40.00']);
    expect(JSON.parse((await cli('billing:import', '--slug', 'norwalk', '--file', file)).stdout)).toMatchObject({ ok: true, imported: 1 });
    // The same file again adds nothing, and nothing is recorded.
    expect(JSON.parse((await cli('billing:import', '--slug', 'norwalk', '--file', file)).stdout)).toMatchObject({ ok: true, imported: 0, alreadyImported: 1 });
    expect((await events()).slice(before.length)).toEqual([{ actor: 'cli', client_ip: 'cli', detail: { source: 'CLI', imported: '1', alreadyImported: '0' } }]);
  }, 90_000);

  it('billing:import says what is wrong with its arguments', async () => {
    // Independent runs, started together: each is a whole process.
    const [noFile, unknownCity, notCsv] = await Promise.all([
      cli('billing:import', '--slug', 'norwalk'),
      cli('billing:import', '--slug', 'gotham', '--file', csvFile('x.csv', ['bill_number,account_number,issue_date,due_date'])),
      cli('billing:import', '--slug', 'norwalk', '--file', csvFile('y.csv', ['hello,world'])),
    ]);
    expect(noFile.code).toBe(2);
    expect(unknownCity.stderr).toContain('gotham');
    expect(notCsv.code).toBe(1);
    expect(JSON.parse(notCsv.stdout)).toMatchObject({ ok: false, problem: expect.stringContaining('missing column') });
  }, 90_000);
});
