import { GOOD_PASSWORD } from '../customers/customer-api';
import type { TestPlatform } from '@platform/testkit';
import type { Page } from './browser';
import { cityUrl, type City } from './web-pages';

/** Signs a resident in to a city's portal by email (the password every test customer has), landing on Your accounts. */
export async function signInResident(platform: TestPlatform, page: Page, city: City, email: string): Promise<void> {
  await page.goto(`${cityUrl(platform, city, '/')}sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
}

/** Opens a page of the signed-in resident's area by its link in the account navigation, named as its heading is. */
export async function openResidentPage(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Switches the page to Spanish with the header's language button, and waits until the switch has been drawn. */
export async function switchToSpanish(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Español' }).click();
  await page.waitForFunction(`document.documentElement.lang === 'es'`);
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
}
