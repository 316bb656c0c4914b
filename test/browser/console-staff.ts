import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import type { TestPlatform } from '@platform/testkit';
import { cardToken, newKey, pay } from '../payments/payments-api';
import type { Page } from './browser';
import { cityUrl, type City } from './web-pages';

/* Shared by the console's live-page tests: a staff sign-in, a guest payment, waiting for what a person sees. */

/** Signs the city's demo SUPPORT user in at /console and waits for the board. */
export function signInAsSupport(page: Page, platform: TestPlatform, city: City): Promise<void> {
  return signInAs(page, platform, city, 'SUPPORT');
}

/** Signs the city's demo staff member of `role` in at /console and waits for the board. */
export async function signInAs(page: Page, platform: TestPlatform, city: City, role: 'SUPPORT' | 'ADMIN'): Promise<void> {
  const user = DEMO_STAFF.find((staff) => staff.tenant === city.slug && staff.role === role)!;
  await page.goto(cityUrl(platform, city, '/console'));
  await page.getByLabel(city.slug === 'norman' ? 'Username' : 'Email', { exact: true }).fill(demoSignIn(user));
  await page.getByLabel('Password', { exact: true }).fill(DEMO_STAFF_PASSWORD);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
}

/** A demo account a guest can pay, with Norman's second factor (its last posted payment). */
const PAYABLE_ACCOUNT = { norwalk: { accountNumber: '10-1001-00' }, norman: { accountNumber: '2001-0417', lastPaymentAmount: '100.65' } } as const;

/** A guest's card payment through the API, as the city's payment site makes it; its confirmation number. */
export async function guestPays(platform: TestPlatform, slug: 'norwalk' | 'norman', amount: string, account: Record<string, string> = PAYABLE_ACCOUNT[slug]): Promise<string> {
  const result = await pay(platform.client.asTenant(slug), {
    idempotencyKey: newKey('board'),
    allocations: [{ ...account, amount }],
    token: await cardToken(platform),
    payerEmail: 'guest@example.com',
  });
  if (!result.payment) throw new Error(`payment refused: ${JSON.stringify(result.userErrors)}`);
  return result.payment.confirmationNumber;
}

/** Polls `check` until it holds (for states a locator cannot wait for, e.g. enabled); fails after `timeoutMs`. */
/** From anywhere in the console, the counter payment page with the account found and its payment form open. */
export async function openCounterFormFor(page: Page, accountNumber: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Counter payment' }).click();
  await page.getByLabel('Account number', { exact: true }).fill(accountNumber);
  await page.getByRole('button', { name: 'Find account' }).click();
  await page.getByRole('form', { name: `Payment to account ${accountNumber}` }).waitFor();
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The element that has focus, by its accessible attributes (tests compile without DOM types). */
export function focused(page: Page): Promise<{ tag: string; label: string | null; text: string; inDialog: boolean }> {
  type El = { tagName: string; getAttribute(name: string): string | null; textContent: string | null; closest(selector: string): unknown };
  return page.evaluate(() => {
    const active = (globalThis as unknown as { document: { activeElement: El } }).document.activeElement;
    return { tag: active.tagName, label: active.getAttribute('aria-label'), text: active.textContent ?? '', inDialog: active.closest('dialog') !== null };
  });
}

/** On the Autopay runs page: Run autopay now, confirmed; resolves once the page says the run's outcome (its status). */
export async function runAutopayNow(page: Page) {
  await page.getByRole('button', { name: 'Run autopay now' }).click();
  await page.getByRole('button', { name: 'Yes, run autopay' }).click();
  const said = page.getByRole('status').filter({ hasText: /^Autopay ran for / });
  await said.waitFor();
  return said;
}
