import { platformInBrowser, type Page } from './browser';
import { signInAsSupport } from './console-staff';
import { CITIES, perceived, tabToAndPress } from './web-pages';

/*
 * A clerk's search at the counter that matches several accounts lists them to choose from. Whether the search was
 * sent with the "Find account" button or with Enter in the field, the focus stays on the page (a button disabled
 * while it is pressed drops it to the document) and a screen reader is told the list is there.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [, NORMAN] = CITIES;

async function openCounter(page: Page): Promise<void> {
  await signInAsSupport(page, env.platform, NORMAN);
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Counter payment' }).click();
  await page.getByRole('heading', { level: 1, name: 'Counter payment' }).waitFor();
  // "200" is in every Norman demo account's number: the page lists them to choose from.
  await page.getByLabel('Account number', { exact: true }).fill('200');
}

/** Whether what the clerk perceives now says the matching accounts are there: focus on their list, or an announcement. */
function toldOfMatches(after: { focus: string; live: readonly string[] }): boolean {
  return after.focus.includes('Matching accounts') || after.live.some((text) => /matching accounts listed/i.test(text));
}

it('pressing Find account from the keyboard with several matches leaves the focus on the page and says the matches are there', async () => {
  const { page } = env.tab;
  await openCounter(page);
  await tabToAndPress(page, 'Find account');
  await page.getByRole('heading', { level: 2, name: 'Matching accounts' }).waitFor();
  const after = await perceived(page);
  expect({ focusDropped: after.focus === 'BODY', toldOfMatches: toldOfMatches(after) }).toEqual({ focusDropped: false, toldOfMatches: true });
});

it('pressing Enter in the account number with several matches says the matches are there', async () => {
  const { page } = env.tab;
  await openCounter(page);
  await page.getByLabel('Account number', { exact: true }).press('Enter');
  await page.getByRole('heading', { level: 2, name: 'Matching accounts' }).waitFor();
  const after = await perceived(page);
  expect({ focusDropped: after.focus === 'BODY', toldOfMatches: toldOfMatches(after) }).toEqual({ focusDropped: false, toldOfMatches: true });
});
