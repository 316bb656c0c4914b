import { signInStaff } from '../billing/billing-api';
import { VIEWER } from '../customers/customer-api';
import { newKey } from '../payments/payments-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, tableRows } from './browser';
import { signInAs } from './console-staff';
import { CITIES, fieldDescription } from './web-pages';

/*
 * Norman's ADMIN reopens a clerk's closed drawer from My drawer's table of every clerk's drawer: Reopen, a reason
 * (asked for at its field), confirmed in the dialog; the table then says the drawer is open.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [, NORMAN] = CITIES;

it("reopens another clerk's closed drawer with a reason, from the table of every clerk's drawer", async () => {
  const clerk = await signInStaff(env.platform, NORMAN.slug, 'SUPPORT');
  const name = (await clerk.data<{ viewer: { user: { name: string } } }>(VIEWER)).viewer.user.name;
  const closed = await clerk.data<{ closeCounterDrawer: { userErrors: unknown[] } }>('mutation C($input: CloseCounterDrawerInput!) { closeCounterDrawer(input: $input) { userErrors { code } } }', {
    input: { idempotencyKey: newKey('close'), countedCash: '0.00', countedChecksCount: 0, countedChecksTotal: '0.00' },
  });
  expect(closed.closeCounterDrawer.userErrors).toEqual([]);

  const { page } = env.tab;
  await signInAs(page, env.platform, NORMAN, 'ADMIN');
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'My drawer' }).click();
  const all = page.getByRole('table', { name: /^Every clerk's drawer/ });
  const row = all.getByRole('row').filter({ hasText: name });
  await row.getByRole('button', { name: `Reopen ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: new RegExp(`^Reopen ${name}'s drawer for `) });
  await dialog.getByRole('button', { name: 'Reopen the drawer' }).click();
  expect(await fieldDescription(page, 'Reason')).toContain('Enter a reason.');
  await dialog.getByLabel('Reason', { exact: true }).fill('Counted before the last resident paid');
  await dialog.getByRole('button', { name: 'Reopen the drawer' }).press('Enter');
  await page
    .getByRole('status')
    .filter({ hasText: new RegExp(`^${name}'s drawer for .+ is open again\\.$`) })
    .waitFor();
  await row.filter({ hasText: 'Open' }).waitFor();
  expect((await tableRows(all)).find((cells) => cells['Clerk'] === name)?.['Over or short']).toBe('Open');
  expect(await row.getByRole('button').count()).toBe(0);
  await expectNoSeriousAccessibilityViolations(page);
  env.tab.expectNoConsoleErrors();
}, 120_000);
