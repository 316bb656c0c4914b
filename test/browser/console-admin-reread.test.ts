import { signInStaff } from '../billing/billing-api';
import { platformInBrowser, type Page } from './browser';
import { signInAs } from './console-staff';
import { CITIES } from './web-pages';

/*
 * The ADMIN pages read their lists again each time they open (console/read-on-visit.ts): an admin who adds a staff
 * member finds it in the audit log on coming back to it, and a run of autopay made meanwhile (by the scheduled job, or
 * another admin) is on the runs page, rather than either page shown as it was first opened in the tab.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

const goTo = async (page: Page, name: string) => {
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
};

it('shows in the audit log the staff member the admin has just added, when the admin comes back to it', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await goTo(page, 'Audit log');
  await page.getByRole('table', { name: 'Audit log' }).waitFor();

  await goTo(page, 'Staff');
  const form = page.getByRole('region', { name: 'Add a staff member' });
  await form.getByLabel('Full name').fill('Nia Clerk');
  await form.getByLabel('Email', { exact: true }).fill('nia.clerk@norwalk.example');
  await form.getByRole('button', { name: 'Add and send invitation' }).click();
  await page.getByRole('status').filter({ hasText: 'Nia Clerk was added as Support.' }).waitFor();

  await goTo(page, 'Audit log');
  const table = page.getByRole('table', { name: 'Audit log' });
  // Waited for, as the admin reads the log once it has come: a log shown as it was first opened never has the entry.
  await table.getByText('Nia Clerk').first().waitFor();
  // What the log holds, as a reload of the same page shows it.
  await page.reload();
  await table.waitFor();
  expect(await table.innerText()).toContain('Nia Clerk');
}, 90_000);

it('shows on the autopay runs page a run made since the admin last looked at it', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await goTo(page, 'Autopay runs');
  await page.getByText('Autopay has not run yet.').waitFor();

  await goTo(page, 'Payments board');
  // Meanwhile, another admin (or the scheduled job) runs autopay.
  const other = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  await other.data('mutation { runAutopay { run { id } userErrors { code } } }');

  await goTo(page, 'Autopay runs');
  // The runs table, waited for as the admin reads the page once it has come: the page as first opened had none.
  await page.getByRole('table', { name: 'Autopay runs, newest first' }).waitFor();
  expect(await page.getByRole('main').innerText()).not.toContain('Autopay has not run yet.');
  // What there is, as a reload of the same page shows it.
  await page.reload();
  await page.getByRole('table', { name: 'Autopay runs, newest first' }).waitFor();
}, 90_000);
