import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { runCli } from './run-cli';

let platform: TestPlatform;
let dir: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  dir = mkdtempSync(path.join(tmpdir(), 'tenant-cli-'));
});
afterAll(() => platform.close());

const cli = (...args: string[]) => runCli(platform, ...args);

function jsonFile(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

it('tenant:create adds a city that the running gateway serves at once', async () => {
  const file = jsonFile('tulsa.json', { slug: 'tulsa', name: 'City of Tulsa', timezone: 'America/Chicago', autopayRules: { deductionDay: 12 } });
  const result = await cli('tenant:create', '--file', file);
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, slug: 'tulsa' });
  const { tenant } = await platform.client.asTenant('tulsa').data<{ tenant: unknown }>('{ tenant { name autopayRules { deductionDay } } }');
  expect(tenant).toEqual({ name: 'City of Tulsa', autopayRules: { deductionDay: 12 } });
});

it('tenant:create refuses bad input with the reasons and exit code 1, writing nothing', async () => {
  const file = jsonFile('bad.json', { slug: 'Bad!', name: 'Bad', timezone: 'Nowhere/Land', autopayRules: { deductionDay: 29 }, paymentRules: { echeckAccepted: 'yes' } });
  const result = await cli('tenant:create', '--file', file);
  expect(result.code).toBe(1);
  const { ok, userErrors } = JSON.parse(result.stdout) as { ok: boolean; userErrors: { field: string[]; code: string; message: string }[] };
  expect(ok).toBe(false);
  expect(userErrors.map((e) => e.code).sort()).toEqual(['INVALID', 'INVALID_DEDUCTION_DAY', 'INVALID_TIME_ZONE', 'SLUG_MALFORMED']);
  // A value of the wrong type (only a file can send one) is said plainly, without the validator's own words.
  expect(userErrors.find((e) => e.code === 'INVALID')).toEqual({ field: ['input', 'paymentRules', 'echeckAccepted'], code: 'INVALID', message: 'This value is not valid.' });
  const [row] = await platform.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM tenants WHERE display_name = 'Bad'`);
  expect(row!.n).toBe('0');
});

it('tenant:update changes a city and tenant:list shows every city', async () => {
  const update = await cli('tenant:update', '--slug', 'norwalk', '--file', jsonFile('patch.json', { autopayRules: { deductionDay: 3 } }));
  expect(update.code).toBe(0);
  const { tenant } = await platform.client.asTenant('norwalk').data<{ tenant: unknown }>('{ tenant { autopayRules { deductionDay } } }');
  expect(tenant).toEqual({ autopayRules: { deductionDay: 3 } });

  const list = await cli('tenant:list');
  expect(list.stdout.split('\n').filter(Boolean).map((line) => line.split('\t')[0])).toEqual(expect.arrayContaining(['norman', 'norwalk']));
});

it('explains its usage when called wrongly', async () => {
  const result = await cli('tenant:create');
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--file is required');
});
