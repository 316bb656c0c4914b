import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import type { GraphQLTestClient } from '@platform/testkit';
import { openAccount } from '../billing/billing-api';
import { CREATE_STAFF, LOGIN, bearer, countRows, type AuthPayload } from '../customers/customer-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, screenshotAtBothSizes, type Page } from './browser';
import { runAutopayNow, waitUntil } from './console-staff';
import { CITIES, cityUrl, loseAnswers, type City } from './web-pages';

// Issue 13 items 8 and 9: the ADMIN pages (bill import, audit log, autopay runs), at both cities.
const env = platformInBrowser();

const staff = (city: City, role: 'SUPPORT' | 'ADMIN') => DEMO_STAFF.find((user) => user.tenant === city.slug && user.role === role)!;

/** The demo ADMIN or SUPPORT user signed in through the API (the test's own client, not the page's). */
async function apiStaff(city: City, role: 'SUPPORT' | 'ADMIN'): Promise<GraphQLTestClient> {
  const client = env.platform.client.asTenant(city.slug);
  const { login } = await client.data<{ login: AuthPayload }>(LOGIN, { input: { identifier: demoSignIn(staff(city, role)), password: DEMO_STAFF_PASSWORD } });
  if (!login.session) throw new Error(JSON.stringify(login.userErrors));
  return bearer(client, login.session);
}

/** Opens a console page by its address and signs in on the page, as a person would. */
async function openSignedIn(page: Page, city: City, role: 'SUPPORT' | 'ADMIN', path: string): Promise<void> {
  const url = new URL(cityUrl(env.platform, city, '/console'));
  url.pathname = path;
  await page.goto(url.href);
  await page.getByLabel(city.slug === 'norman' ? 'Username' : 'Email', { exact: true }).fill(demoSignIn(staff(city, role)));
  await page.getByLabel('Password', { exact: true }).fill(DEMO_STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const BILL_HEADER = 'bill_number,account_number,issue_date,due_date,water,sewer,trash';
const csvFile = (name: string, lines: readonly string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) });

/** The error table as a person reads it: line, column, problem. */
async function errorRows(page: Page): Promise<string[][]> {
  const rows = page.getByRole('table', { name: 'Problems by line' }).getByRole('row');
  const texts = await rows.evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells, (cell) => cell.textContent ?? '')));
  return texts.slice(1);
}

describe.each(CITIES)('the ADMIN pages at $name', (city) => {
  it('bill import: every bad row with its line and column and nothing written; a good file imports after its count is confirmed; the same file again adds nothing', async () => {
    const { page } = env.tab;
    const admin = await apiStaff(city, 'ADMIN');
    const prefix = city.slug === 'norman' ? '61' : '60';
    await openAccount(admin, { accountNumber: `${prefix}-0001-00` });
    await openAccount(admin, { accountNumber: `${prefix}-0002-00` });
    await openSignedIn(page, city, 'ADMIN', '/console/import');
    await page.getByRole('heading', { level: 1, name: 'Bill import' }).waitFor();
    expect(await page.getByRole('main').innerText()).toContain('Importing the same file twice adds nothing');
    expect(await page.getByRole('main').innerText()).toContain('At most 10,000 rows per file');

    const payablesBefore = await countRows(env.platform, city.slug, 'payables');
    const bad = csvFile('october-bad.csv', [
      BILL_HEADER,
      `B-${prefix}01,${prefix}-0001-00,2026-10-01,2026-10-22,45.10,22.00,18.75`,
      `B-${prefix}02,${prefix}-0001-00,2026-13-01,2026-10-22,45.10,,`,
      `B-${prefix}03,99-9999-99,2026-10-01,2026-10-22,10.00,,`,
      `B-${prefix}04,${prefix}-0002-00,2026-10-01,2026-10-22,-5.00,,`,
    ]);
    await page.getByLabel('CSV file').setInputFiles(bad);
    await page.getByText('october-bad.csv: 4 rows').waitFor();
    await page.getByRole('button', { name: 'Check file' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Nothing was imported: the file has problems' });
    await summary.waitFor();
    expect(await summary.innerText()).toContain('3 problems in october-bad.csv');
    // The summary takes focus, so a screen reader reads it first.
    expect(await summary.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    expect(await errorRows(page)).toEqual([
      ['3', 'issue_date', 'Enter a real date as YYYY-MM-DD.'],
      ['4', 'account_number', 'No account with this number.'],
      ['5', 'water', 'Amounts cannot be negative.'],
    ]);
    expect(await page.getByLabel('CSV file').getAttribute('aria-invalid')).toBe('true');
    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, `console-import-errors-${city.slug}`);
    expect(await countRows(env.platform, city.slug, 'payables')).toBe(payablesBefore);

    // In Spanish (Norwalk has it; Norman's pages are English only), the API's messages come in Spanish too.
    if (city.slug === 'norwalk') {
      await page.getByRole('button', { name: 'Español' }).click();
      await page.getByRole('button', { name: 'Revisar archivo' }).click();
      await page.getByRole('cell', { name: 'Los importes no pueden ser negativos.' }).waitFor();
      await page.getByRole('button', { name: 'English' }).click();
    }

    const good = csvFile('october.csv', [
      BILL_HEADER,
      `B-${prefix}01,${prefix}-0001-00,2026-10-01,2026-10-22,45.10,22.00,18.75`,
      `B-${prefix}02,${prefix}-0001-00,2026-11-01,2026-11-22,45.10,,`,
      `B-${prefix}04,${prefix}-0002-00,2026-10-01,2026-10-22,5.00,,`,
    ]);
    await page.getByLabel('CSV file').setInputFiles(good);
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('status').filter({ hasText: '3 bills ready to import from october.csv.' }).waitFor();
    // Checked, not imported: nothing is written until the person confirms.
    expect(await countRows(env.platform, city.slug, 'payables')).toBe(payablesBefore);
    await expectNoSeriousAccessibilityViolations(page);

    await page.getByRole('button', { name: 'Import 3 bills' }).click();
    await page.getByRole('status').filter({ hasText: 'Imported 3 bills from october.csv.' }).waitFor();
    expect(await countRows(env.platform, city.slug, 'payables')).toBe(payablesBefore + 3);

    await page.getByRole('button', { name: 'Choose another file' }).click();
    await page.getByLabel('CSV file').setInputFiles(good);
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('status').filter({ hasText: 'Nothing new in october.csv: all 3 bills were imported before.' }).waitFor();
    expect(await page.getByRole('button', { name: /^Import/ }).count()).toBe(0);
    expect(await countRows(env.platform, city.slug, 'payables')).toBe(payablesBefore + 3);

    // The audit log shows the import, by whom, in the city's time zone.
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Audit log' }).click();
    const newest = page.getByRole('table', { name: 'Audit log' }).getByRole('row').nth(1);
    await newest.getByText('Bills imported').waitFor();
    expect(await newest.innerText()).toContain(staff(city, 'ADMIN').name);
    expect(await newest.innerText()).toContain('Imported: 3');
    expect(await newest.innerText()).toMatch(city.slug === 'norman' ? /C[SD]T/ : /P[SD]T/);
    env.tab.expectNoConsoleErrors();
  }, 90_000);

  it('bill import: refuses a file over 10,000 rows before sending it', async () => {
    const { page } = env.tab;
    await openSignedIn(page, city, 'ADMIN', '/console/import');
    await page.getByRole('heading', { level: 1, name: 'Bill import' }).waitFor();
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.postData()?.includes('ConsoleImportBillsCsv')) sent.push(request.url());
    });
    const rows = Array.from({ length: 10_001 }, (_, i) => `B-${i},00-0000-00,2026-10-01,2026-10-22,1.00,,`);
    await page.getByLabel('CSV file').setInputFiles(csvFile('huge.csv', [BILL_HEADER, ...rows]));
    await page.getByRole('alert').filter({ hasText: 'huge.csv has 10,001 rows; at most 10,000 can be imported at once.' }).waitFor();
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('alert').filter({ hasText: 'Split the file' }).waitFor();
    expect(sent).toEqual([]);
    env.tab.expectNoConsoleErrors();
  });

  it('audit log: shows the sign-in just made, newest first, and loads older events with the cursor', async () => {
    const { page } = env.tab;
    // More events than one page holds: the posting job run by hand, each run an audit event (and cheap: no password to hash).
    const admin = await apiStaff(city, 'ADMIN');
    for (let i = 0; i < 20; i++) await admin.data('mutation { runPosting { posted } }');
    await openSignedIn(page, city, 'ADMIN', '/console/audit');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const table = page.getByRole('table', { name: 'Audit log' });
    await table.waitFor();
    const newest = table.getByRole('row').nth(1);
    expect(await newest.innerText()).toContain('Signed in');
    expect(await newest.innerText()).toContain(staff(city, 'ADMIN').name);
    expect(await table.getByRole('row').nth(2).innerText()).toMatch(/Job run by staff\s+—\s+Job: payments\.post · Posted: 0/);
    expect(await table.getByRole('row').count()).toBe(21);
    await expectNoSeriousAccessibilityViolations(page);

    const before = await table.getByRole('row').allInnerTexts();
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('tbody tr').length > 20);
    const after = await table.getByRole('row').allInnerTexts();
    // The first page unchanged, older events after it.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBeGreaterThan(before.length);
    await screenshotAtBothSizes(page, `console-audit-${city.slug}`);
    env.tab.expectNoConsoleErrors();
  }, 90_000);

  it('autopay runs: lists a run made through the API with its counts and detail, and runs autopay now after confirmation', async () => {
    const { page } = env.tab;
    const admin = await apiStaff(city, 'ADMIN');
    const { runAutopay } = await admin.data<{ runAutopay: { run: { id: string; runDate: string; summary: { charged: number } } | null } }>(
      'mutation { runAutopay { run { id runDate summary { charged } } } }',
    );
    expect(runAutopay.run).not.toBeNull();
    const runsBefore = await countRows(env.platform, city.slug, 'autopay_runs');

    await openSignedIn(page, city, 'ADMIN', '/console/autopay-runs');
    await page.getByRole('heading', { level: 1, name: 'Autopay runs' }).waitFor();
    const table = page.getByRole('table', { name: 'Autopay runs, newest first' });
    await table.waitFor();
    const row = table.getByRole('row').nth(1);
    expect(await row.innerText()).toContain('Staff');
    expect(await row.innerText()).toContain('Finished');
    expect(await row.innerText()).toContain('$');
    await expectNoSeriousAccessibilityViolations(page);

    await row.getByRole('button', { name: /^Details of the run of / }).click();
    const detail = page.getByRole('region', { name: /^Autopay run of / });
    await detail.waitFor();
    expect(await detail.innerText()).toContain('Staff');
    await expectNoSeriousAccessibilityViolations(page);
    await detail.getByRole('button', { name: 'Close details' }).click();
    expect(await detail.count()).toBe(0);

    // Run now: asked first; cancelling runs nothing.
    await page.getByRole('button', { name: 'Run autopay now' }).click();
    await page.getByRole('group', { name: /Run autopay for today now\?/ }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await countRows(env.platform, city.slug, 'autopay_runs')).toBe(runsBefore);
    await runAutopayNow(page);
    expect(await countRows(env.platform, city.slug, 'autopay_runs')).toBe(runsBefore + 1);
    await page.waitForFunction((n) => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('tbody tr').length === n, runsBefore + 1);
    await screenshotAtBothSizes(page, `console-autopay-runs-${city.slug}`);
    env.tab.expectNoConsoleErrors();
  }, 90_000);

  it('SUPPORT staff do not see the ADMIN pages, and opening one says they are not allowed', async () => {
    const { page } = env.tab;
    await openSignedIn(page, city, 'SUPPORT', '/console/import');
    await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    expect(await page.getByRole('main').innerText()).toContain('This page is for administrators only.');
    expect(await page.getByLabel('CSV file').count()).toBe(0);
    const links = await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link').allInnerTexts();
    for (const adminPage of ['Approvals', 'Bill import', 'Audit log', 'Autopay runs']) expect(links).not.toContain(adminPage);
    for (const path of ['/console/audit', '/console/autopay-runs', '/console/approvals']) {
      const url = new URL(page.url());
      url.pathname = path;
      await page.goto(url.href);
      await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    }
    await expectNoSeriousAccessibilityViolations(page);
    env.tab.expectNoConsoleErrors();
  });
});

describe('Load more at the City of Norman, when the network fails', () => {
  const city = CITIES[1];
  const failed = (page: Page) => page.getByRole('alert').filter({ hasText: 'The next page could not be loaded. Check your connection and try again.' });
  const focusedRole = (page: Page) => page.evaluate('document.activeElement.getAttribute("role")');
  // A step that never comes fails at that step, well inside the test's own time limit.
  beforeEach(() => env.tab.page.setDefaultTimeout(10_000));

  it('says the next page could not be loaded, and loads it on Try again: the audit log, the autopay runs, a run’s outcomes', async () => {
    const { page } = env.tab;
    // More than a page of each: 21 runs (each audited too) and 20 posting runs.
    const admin = await apiStaff(city, 'ADMIN');
    for (let i = 0; i < 21; i++) await admin.data('mutation { runAutopay { run { id } } }');
    for (let i = 0; i < 20; i++) await admin.data('mutation { runPosting { posted } }');

    await openSignedIn(page, city, 'ADMIN', '/console/audit');
    const audit = page.getByRole('table', { name: 'Audit log' });
    await audit.waitFor();
    const events = await audit.getByRole('row').count();
    await loseAnswers(page, 'ConsoleAuditLog');
    await page.getByRole('button', { name: 'Load more' }).click();
    await failed(page).waitFor();
    expect(await focusedRole(page)).toBe('alert');
    await expectNoSeriousAccessibilityViolations(page);
    await failed(page).getByRole('button', { name: 'Try again' }).click();
    await waitUntil('older events are shown', async () => (await audit.getByRole('row').count()) > events);
    expect(await failed(page).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Autopay runs' }).click();
    const runs = page.getByRole('table', { name: 'Autopay runs, newest first' });
    await runs.waitFor();
    const runRows = await runs.getByRole('row').count();
    await loseAnswers(page, 'ConsoleAutopayRuns');
    await page.getByRole('button', { name: 'Load more' }).click();
    await failed(page).waitFor();
    expect(await focusedRole(page)).toBe('alert');
    await failed(page).getByRole('button', { name: 'Try again' }).click();
    await waitUntil('older runs are shown', async () => (await runs.getByRole('row').count()) > runRows);
    expect(await failed(page).count()).toBe(0);

    // A run's outcomes: its first page is said to have more (a demo run has too few for two pages of 100); the next page is lost once.
    let lost = false;
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (!body.includes('"operationName":"ConsoleAutopayRun"')) return route.fallback();
      const request = JSON.parse(body) as { variables: { after?: string | null } };
      if (!request.variables.after) {
        const response = await route.fetch();
        const json = (await response.json()) as { data: { autopayRun: { outcomes: { pageInfo: object } } } };
        // Kept as the server wrote it but for these two: its __typename is what lets the client read the NextPage fragment.
        json.data.autopayRun.outcomes.pageInfo = { ...json.data.autopayRun.outcomes.pageInfo, hasNextPage: true, endCursor: 'more' };
        return route.fulfill({ response, json });
      }
      if (!lost) {
        lost = true;
        return route.abort('connectionreset');
      }
      // The server's own answer to the retry (from the start: this run's outcomes all fit one page).
      return route.continue({ postData: JSON.stringify({ ...request, variables: { ...request.variables, after: null } }) });
    });
    await runs
      .getByRole('row')
      .nth(1)
      .getByRole('button', { name: /^Details of the run of / })
      .click();
    const detail = page.getByRole('region', { name: /^Autopay run of / });
    await detail.getByRole('button', { name: 'Load more' }).click();
    await failed(page).waitFor();
    expect(await focusedRole(page)).toBe('alert');
    await failed(page).getByRole('button', { name: 'Try again' }).click();
    await waitUntil('the last page is loaded', async () => (await detail.getByRole('button', { name: 'Load more' }).count()) === 0);
    expect(await failed(page).count()).toBe(0);
    env.tab.expectNoConsoleErrors([/net::ERR_CONNECTION_RESET|Failed to load resource/]);
  }, 90_000);
});

describe('the audit log at the City of Norwalk, after an ADMIN changed a colleague’s access', () => {
  const city = CITIES[0]; // English and Spanish
  const CHANGE_ROLE = 'mutation Role($input: ChangeStaffRoleInput!) { changeStaffRole(input: $input) { userErrors { code } } }';
  const DISABLE = 'mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { userErrors { code } } }';

  /** The cells of the log's row for the event labelled `label`, as read: time, who, event, about whom, details. */
  async function eventCells(page: Page, table: string, label: string): Promise<string[]> {
    const row = page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: label });
    await row.waitFor();
    return (await row.getByRole('cell').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
  }

  it('says whom each staff change was about, and its details in words, in English and in Español', async () => {
    // Rosa Ruiz is added as Support by the operator; Norwalk's ADMIN makes her an administrator, then removes her access.
    const { createStaffUser } = await env.platform.operator
      .asTenant(city.slug)
      .data<{ createStaffUser: { user: { id: string } } }>(CREATE_STAFF, { input: { email: 'rosa.ruiz@norwalk.example', name: 'Rosa Ruiz', role: 'SUPPORT' } });
    const admin = await apiStaff(city, 'ADMIN');
    expect((await admin.data<{ changeStaffRole: { userErrors: unknown[] } }>(CHANGE_ROLE, { input: { userId: createStaffUser.user.id, role: 'ADMIN' } })).changeStaffRole.userErrors).toEqual([]);
    expect((await admin.data<{ disableStaffUser: { userErrors: unknown[] } }>(DISABLE, { userId: createStaffUser.user.id })).disableStaffUser.userErrors).toEqual([]);

    const { page } = env.tab;
    await openSignedIn(page, city, 'ADMIN', '/console/audit');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const table = page.getByRole('table', { name: 'Audit log' });
    // The heading comes before the log has loaded: read the columns once the table is there.
    await table.getByRole('columnheader').first().waitFor();
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['Time', 'Who', 'Event', 'About', 'Details']);
    // Each person by name and by what they sign in with, which is theirs alone.
    const adminName = `${staff(city, 'ADMIN').name} (${staff(city, 'ADMIN').email})`;
    const rosa = 'Rosa Ruiz (rosa.ruiz@norwalk.example)';
    expect((await eventCells(page, 'Audit log', 'Staff role changed')).slice(1)).toEqual([adminName, 'Staff role changed', rosa, 'Before: Support · After: Administrator']);
    expect((await eventCells(page, 'Audit log', 'Staff access removed')).slice(1)).toEqual([adminName, 'Staff access removed', rosa, 'Roles: Administrator']);
    expect((await eventCells(page, 'Audit log', 'Staff user added')).slice(1)).toEqual(['Platform operator', 'Staff user added', rosa, 'Role: Support']);

    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registro de auditoría' }).waitFor();
    expect((await eventCells(page, 'Registro de auditoría', 'Función del personal cambiada')).slice(1)).toEqual([
      adminName,
      'Función del personal cambiada',
      rosa,
      'Antes: Soporte · Después: Administrador',
    ]);
    await expectNoSeriousAccessibilityViolations(page);
    env.tab.expectNoConsoleErrors();
  }, 90_000);
});
