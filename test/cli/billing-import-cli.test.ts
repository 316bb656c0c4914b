import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { runCli } from './run-cli';
import { LOOKUP } from '../billing/billing-api';

let platform: TestPlatform;
let dir: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  dir = mkdtempSync(path.join(tmpdir(), 'billing-cli-'));
});
afterAll(() => platform.close());

const cli = (...args: string[]) => runCli(platform, ...args);

function csvFile(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Cents due on a demo account, exactly (amounts are decimal strings). */
const centsDue = async () =>
  BigInt(
    (await platform.client.asTenant('norwalk').data<{ lookupAccount: { account: { amountDue: { amount: string } } } }>(LOOKUP, { input: { accountNumber: '10-1001-00' } })).lookupAccount.account.amountDue.amount.replace('.', ''),
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
});

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
});

it('billing:import says what is wrong with its arguments', async () => {
  expect((await cli('billing:import', '--slug', 'norwalk')).code).toBe(2);
  expect((await cli('billing:import', '--slug', 'gotham', '--file', csvFile('x.csv', ['bill_number,account_number,issue_date,due_date']))).stderr).toContain('gotham');
  const notCsv = await cli('billing:import', '--slug', 'norwalk', '--file', csvFile('y.csv', ['hello,world']));
  expect(notCsv.code).toBe(1);
  expect(JSON.parse(notCsv.stdout)).toMatchObject({ ok: false, problem: expect.stringContaining('missing column') });
});
