import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { runCli } from './run-cli';

/*
 * The operator's files do not pass the API's edge: text it refuses (isUnsafeText) is refused in them too, at its row
 * and column or its setting, never left to PostgreSQL (which cannot store a NUL) or stored to be shown to residents.
 */
let platform: TestPlatform;
let dir: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  dir = mkdtempSync(path.join(tmpdir(), 'cli-unsafe-text-'));
});
afterAll(() => platform.close());

it('billing:import answers a NUL byte and an escape sequence in a cell with row errors at their columns, not a crash', async () => {
  const file = path.join(dir, 'nul.csv');
  writeFileSync(
    file,
    'bill_number,account_number,issue_date,due_date,water,description\nCLI-N1,10-1001-00,2026-01-01,2026-01-22,4.00,Meter\u0000read\nCLI-N2,10-1001-00,2026-01-01,2026-01-22,4.00,Meter\u001b[2J\n',
  );
  const result = await runCli(platform, 'billing:import', '--slug', 'norwalk', '--file', file);
  // The CLI reports bad rows as JSON on stdout with exit code 1 ("prints counts or every row error").
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: '' });
  expect(JSON.parse(result.stdout)).toMatchObject({
    ok: false,
    imported: 0,
    rowErrors: [expect.objectContaining({ line: 2, field: 'description', code: 'INVALID_TEXT' }), expect.objectContaining({ line: 3, field: 'description', code: 'INVALID_TEXT' })],
  });
}, 90_000);

it('tenant:update answers a NUL and a direction override in text settings with userErrors at their fields, not a database error', async () => {
  const file = path.join(dir, 'patch.json');
  writeFileSync(file, JSON.stringify({ department: 'Water\u0000Billing', name: 'City of \u202eklawroN' }));
  const result = await runCli(platform, 'tenant:update', '--slug', 'norwalk', '--file', file);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: '' });
  expect(JSON.parse(result.stdout)).toMatchObject({
    ok: false,
    userErrors: expect.arrayContaining([
      expect.objectContaining({ field: ['input', 'department'], code: 'INVALID_TEXT' }),
      expect.objectContaining({ field: ['input', 'name'], code: 'INVALID_TEXT' }),
    ]),
  });
}, 90_000);

it("tenant:update answers a NUL or a direction override in a setting's address with userErrors at their fields, not a database error, and keeps the city as it was (found by attack: exit 2, PostgreSQL's words)", async () => {
  const tenantAddresses = async () => (await platform.client.asTenant('norwalk').data<{ tenant: unknown }>('{ tenant { branding { logoUrl } contact { websiteUrl } allowedOrigins } }')).tenant;
  const before = await tenantAddresses();
  const file = path.join(dir, 'addresses.json');
  writeFileSync(
    file,
    JSON.stringify({
      branding: { logoUrl: '/logo\u0000.png' },
      contact: { websiteUrl: 'https://norwalk.example/\u202egnp.exe' },
      allowedOrigins: ['https://pay.norwalk.example\u0000'],
    }),
  );
  const result = await runCli(platform, 'tenant:update', '--slug', 'norwalk', '--file', file);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: '' });
  expect(JSON.parse(result.stdout)).toEqual({
    ok: false,
    userErrors: [
      expect.objectContaining({ field: ['input', 'branding', 'logoUrl'], code: 'INVALID_TEXT' }),
      expect.objectContaining({ field: ['input', 'contact', 'websiteUrl'], code: 'INVALID_TEXT' }),
      expect.objectContaining({ field: ['input', 'allowedOrigins', '0'], code: 'INVALID' }),
    ],
  });
  expect(await tenantAddresses()).toEqual(before);
}, 90_000);
