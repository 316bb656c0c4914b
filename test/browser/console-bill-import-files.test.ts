import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import type { GraphQLTestClient } from '@platform/testkit';
import { openAccount } from '../billing/billing-api';
import { LOGIN, bearer, type AuthPayload } from '../customers/customer-api';
import { platformInBrowser, type Page } from './browser';
import { CITIES, cityUrl, type City } from './web-pages';

/*
 * The console's bill import page with files as a clerk's spreadsheet saves
 * them: Windows-1252 (Excel's plain "CSV (Comma delimited)"), rows of empty
 * cells below the data, and an export that came out with no bills at all.
 */
const env = platformInBrowser();
const city: City = CITIES[0];
const staff = DEMO_STAFF.find((user) => user.tenant === city.slug && user.role === 'ADMIN')!;

async function apiAdmin(): Promise<GraphQLTestClient> {
  const client = env.platform.client.asTenant(city.slug);
  const { login } = await client.data<{ login: AuthPayload }>(LOGIN, { input: { identifier: demoSignIn(staff), password: DEMO_STAFF_PASSWORD } });
  if (!login.session) throw new Error(JSON.stringify(login.userErrors));
  return bearer(client, login.session);
}

async function openImportPage(page: Page): Promise<void> {
  const url = new URL(cityUrl(env.platform, city, '/console'));
  url.pathname = '/console/import';
  await page.goto(url.href);
  await page.getByLabel('Email', { exact: true }).fill(demoSignIn(staff));
  await page.getByLabel('Password', { exact: true }).fill(DEMO_STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bill import' }).waitFor();
}

const HEADER = 'bill_number,account_number,issue_date,due_date,water,sewer,trash,description';
const csvFile = (name: string, lines: readonly string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) });

/** Text as Windows-1252 writes it: one byte a character, its own bytes for the few characters beyond Latin-1 used here. */
function windows1252(text: string): Buffer {
  const beyondLatin1: Record<string, number> = { '€': 0x80, '–': 0x96, '“': 0x93, '”': 0x94 };
  return Buffer.from(Array.from(text, (char) => beyondLatin1[char] ?? char.charCodeAt(0)));
}

it('reads a Windows-1252 file (Excel\'s plain "CSV") as what it is: the resident\'s bill says "dañado", not "da\uFFFDado"', async () => {
  const { page } = env.tab;
  const admin = await apiAdmin();
  const account = await openAccount(admin, { accountNumber: '92-0001-00' });
  await openImportPage(page);

  const description = 'Lectura estimada: medidor dañado – “revisión”';
  const text = [HEADER, `W-9201,92-0001-00,2026-11-01,2026-11-22,30.00,10.00,5.00,${description}`, ''].join('\r\n');
  await page.getByLabel('CSV file').setInputFiles({ name: 'noviembre.csv', mimeType: 'text/csv', buffer: windows1252(text) });
  await page.getByText('noviembre.csv: 1 row', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Check file' }).click();
  await page.getByRole('status').filter({ hasText: '1 bill ready to import from noviembre.csv.' }).waitFor();
  await page.getByRole('button', { name: 'Import 1 bill', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Imported 1 bill from noviembre.csv.' }).waitFor();

  const read = await admin.data<{ serviceAccount: { payables: { referenceNumber: string; description: string | null }[] } }>(
    'query Bills($id: UUID!) { serviceAccount(id: $id) { payables { referenceNumber description } } }',
    { id: account.id },
  );
  expect(read.serviceAccount.payables).toEqual([{ referenceNumber: 'W-9201', description }]);
  env.tab.expectNoConsoleErrors();
}, 60_000);

it('counts bills as the API does: the rows of empty cells a spreadsheet saves below the data are not bills', async () => {
  const { page } = env.tab;
  await openAccount(await apiAdmin(), { accountNumber: '92-0002-00' });
  await openImportPage(page);

  await page
    .getByLabel('CSV file')
    .setInputFiles(csvFile('two.csv', [HEADER, 'E-1,92-0002-00,2026-11-01,2026-11-22,1.00,,,', 'E-2,92-0002-00,2026-11-01,2026-11-22,1.00,,,', ',,,,,,,', ',,,,,,,', ' , ,,,,,,']));
  await page.getByText('two.csv: 2 rows').waitFor();

  // Exactly 10,000 bills, the documented limit, with a row of empty cells after them: the page sends it, and the API takes it.
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.postData()?.includes('ConsoleImportBillsCsv')) sent.push(request.url());
  });
  const bills = Array.from({ length: 10_000 }, (_, i) => `E-${String(i).padStart(5, '0')},92-0002-00,2026-11-01,2026-11-22,1.00,,,`);
  await page.getByLabel('CSV file').setInputFiles(csvFile('december.csv', [HEADER, ...bills, ',,,,,,,']));
  await page.getByText('december.csv: 10,000 rows').waitFor();
  expect(await page.getByRole('alert').count()).toBe(0);
  await page.getByRole('button', { name: 'Check file' }).click();
  const ready = page.getByRole('status').filter({ hasText: 'bills ready to import from december.csv.' });
  await ready.waitFor();
  expect(await ready.innerText()).toMatch(/^10,?000 bills ready/);
  expect(sent.length).toBe(1);
  env.tab.expectNoConsoleErrors();
}, 60_000);

it('says one problem in the singular, as it says one row and one bill: "1 problem in one-bad.csv. Fix it in the file"', async () => {
  const { page } = env.tab;
  await openImportPage(page);
  // Its due date is no date.
  await page.getByLabel('CSV file').setInputFiles(csvFile('one-bad.csv', [HEADER, 'W-9301,10-1001-00,2026-11-01,2026-11-31,30.00,10.00,5.00,November']));
  await page.getByText('one-bad.csv: 1 row', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Check file' }).click();
  const problem = page.getByRole('alert').filter({ hasText: 'one-bad.csv' });
  await problem.waitFor();
  expect(await problem.innerText()).toContain('1 problem in one-bad.csv. Fix it in the file, then check it again.');
  env.tab.expectNoConsoleErrors();
});

it('says a file with a header and no bills holds no bills, rather than that all 0 of its bills were imported before', async () => {
  const { page } = env.tab;
  await openImportPage(page);
  await page.getByLabel('CSV file').setInputFiles(csvFile('empty-export.csv', [HEADER, ',,,,,,,', '']));
  await page.getByText('empty-export.csv: 0 rows').waitFor();
  await page.getByRole('button', { name: 'Check file' }).click();
  const problem = page.getByRole('alert').filter({ hasText: 'Nothing was imported: the file has problems' });
  await problem.waitFor();
  expect(await problem.innerText()).toContain('The file has no bills: only a header row (blank lines and rows of empty cells are skipped).');
  expect(await page.getByText('imported before').count()).toBe(0);
  env.tab.expectNoConsoleErrors();
});
