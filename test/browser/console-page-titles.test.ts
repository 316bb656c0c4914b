import { platformInBrowser, type Page } from './browser';
import { signInAs } from './console-staff';
import { CITIES, cityUrl } from './web-pages';

/*
 * WCAG 2.4.2 in the staff console: the document's title is the first thing a screen reader says on a new page and
 * what a browser tab shows. The portal names every page and step in it, and puts "Error: " first while an error
 * summary is shown (shared/page-title.tsx); the console's pages should do the same.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [, NORMAN] = CITIES;

async function titleAfterDrawn(page: Page, expected: string): Promise<string> {
  await page.waitForFunction(`document.title === ${JSON.stringify(expected)}`, undefined, { timeout: 2000 }).catch(() => undefined);
  return page.title();
}

it('names each console page in the document’s title, as the portal names its pages: a staff member with several tabs open can tell them apart', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORMAN, 'ADMIN');
  const titles: Record<string, string> = {};
  for (const name of ['Payments board', 'Accounts', 'Counter payment', 'Restorations', 'Staff']) {
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    titles[name] = await titleAfterDrawn(page, `${name} · Staff console · City of Norman`);
  }
  expect(titles).toEqual({
    'Payments board': 'Payments board · Staff console · City of Norman',
    Accounts: 'Accounts · Staff console · City of Norman',
    'Counter payment': 'Counter payment · Staff console · City of Norman',
    Restorations: 'Restorations · Staff console · City of Norman',
    Staff: 'Staff · Staff console · City of Norman',
  });
});

it('the console’s sign-in page is named in the title, with “Error: ” first while its error summary shows', async () => {
  const { page } = env.tab;
  await page.goto(cityUrl(env.platform, NORMAN, '/console'));
  const heading = await page.getByRole('heading', { level: 1 }).innerText();
  const before = await titleAfterDrawn(page, `${heading} · Staff console · City of Norman`);
  await page.getByLabel('Username', { exact: true }).press('Enter');
  await page.getByRole('alert').waitFor();
  const withErrors = await titleAfterDrawn(page, `Error: ${heading} · Staff console · City of Norman`);
  expect({ before, withErrors }).toEqual({
    before: `${heading} · Staff console · City of Norman`,
    withErrors: `Error: ${heading} · Staff console · City of Norman`,
  });
});

it('the counter and staff pages put “Error: ” first in the title while their forms’ error summaries show', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORMAN, 'ADMIN');
  const nav = page.getByRole('navigation', { name: 'Console pages' });
  const titles: Record<string, string> = {};

  await nav.getByRole('link', { name: 'Counter payment', exact: true }).click();
  await page.getByRole('button', { name: 'Find account' }).click();
  await page.getByRole('alert').waitFor();
  titles.counter = await titleAfterDrawn(page, 'Error: Counter payment · Staff console · City of Norman');

  await nav.getByRole('link', { name: 'Staff', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Staff' }).waitFor();
  titles.staffBefore = await titleAfterDrawn(page, 'Staff · Staff console · City of Norman');
  await page.getByRole('button', { name: 'Add and send invitation' }).click();
  await page.getByRole('alert').waitFor();
  titles.staff = await titleAfterDrawn(page, 'Error: Staff · Staff console · City of Norman');

  expect(titles).toEqual({
    counter: 'Error: Counter payment · Staff console · City of Norman',
    staffBefore: 'Staff · Staff console · City of Norman',
    staff: 'Error: Staff · Staff console · City of Norman',
  });
});
