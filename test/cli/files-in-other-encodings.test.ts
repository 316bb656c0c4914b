import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { runCli } from './run-cli';

/*
 * Windows writes UTF-16 with a byte-order mark where a clerk may not see it: PowerShell's `>` and Out-File, Notepad's
 * "Unicode", Excel's "Unicode Text". The mark says what the file is, so the CLI reads it so. Found by attack: such a
 * file was read as Windows-1252, one character a byte with a NUL between letters, and refused for what that made of
 * it ("line 2: expected 5 cells, found 1" for a good bill file; a city file's JSON error quoting the NULs).
 */

let platform: TestPlatform;
let dir: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  dir = mkdtempSync(path.join(tmpdir(), 'cli-encodings-'));
});
afterAll(() => platform.close());

function utf16File(name: string, text: string, order: 'LE' | 'BE'): string {
  const littleEndian = Buffer.from(`\ufeff${text}`, 'utf16le');
  const file = path.join(dir, name);
  writeFileSync(file, order === 'LE' ? littleEndian : littleEndian.swap16());
  return file;
}

it.each(['LE', 'BE'] as const)(
  'billing:import reads a UTF-16 %s bill file, with its mark, as what it is',
  async (order) => {
    const description = `Lectura estimada: medidor dañado (${order})`;
    const file = utf16File(
      `bills-${order}.csv`,
      `bill_number,account_number,issue_date,due_date,water,description\r\nCLI-U16-${order},10-1001-00,2026-11-01,2026-11-22,4.00,${description}\r\n`,
      order,
    );
    const result = await runCli(platform, 'billing:import', '--slug', 'norwalk', '--file', file);
    expect({ code: result.code, output: JSON.parse(result.stdout) as unknown }).toMatchObject({ code: 0, output: { ok: true, imported: 1 } });
    expect(await tenantRows(platform, 'norwalk', `SELECT description FROM payables WHERE reference_number = $1`, [`CLI-U16-${order}`])).toEqual([{ description }]);
  },
  90_000,
);

it('tenant:update reads a UTF-16 city file, as PowerShell writes it, as what it is', async () => {
  const file = utf16File('patch.json', JSON.stringify({ department: 'Departamento de Agua y Saneamiento' }), 'LE');
  const result = await runCli(platform, 'tenant:update', '--slug', 'norwalk', '--file', file);
  expect({ code: result.code, stderr: result.stderr, output: JSON.parse(result.stdout || 'null') as unknown }).toMatchObject({ code: 0, stderr: '', output: { ok: true, slug: 'norwalk' } });
  const { tenant } = await platform.client.asTenant('norwalk').data<{ tenant: { department: string } }>('{ tenant { department } }');
  expect(tenant.department).toBe('Departamento de Agua y Saneamiento');
}, 90_000);
