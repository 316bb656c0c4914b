import type { Page } from './browser';

/* The console's Accounts pages as a person at the keyboard reaches them, for tests of the account page. */

/** From anywhere in the console, by its navigation, to the account search. */
export async function goToAccounts(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Accounts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
}

/** Types a search and presses Enter; waits for the count to be announced. */
export async function searchAccounts(page: Page, text: string): Promise<void> {
  const field = page.getByLabel('Find an account', { exact: true });
  await field.fill(text);
  await Promise.all([page.waitForResponse((response) => response.request().postData()?.includes('ConsoleAccountSearch') ?? false), field.press('Enter')]);
  await page
    .getByRole('status')
    .filter({ hasText: /found|match/ })
    .waitFor();
}

/** Searches for the account and opens it from the results; waits for its heading. */
export async function openAccount(page: Page, accountNumber: string): Promise<void> {
  await searchAccounts(page, accountNumber);
  await page.getByRole('link', { name: accountNumber, exact: true }).click();
  await page.getByRole('heading', { level: 2, name: new RegExp(`^Account ${accountNumber} · `) }).waitFor();
}

/** The rows of the table in the region named `region` ("Payments", "Ledger"), each as its cells read. */
export const rowTexts = (page: Page, region: string): Promise<string[]> =>
  page
    .getByRole('region', { name: region })
    .getByRole('row')
    .evaluateAll((rows) => rows.map((row) => (row as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()));
