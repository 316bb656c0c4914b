import { FixedClock } from '@platform/testkit';
import { disconnectedThroughApi } from '../billing/disconnected-through-api';
import { postOnPostingDay } from '../billing/posting-day';
import { amountDue } from '../payments/payments-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, screenshotAtBothSizes, type Page } from './browser';
import { focused, guestPays, signInAsSupport, waitUntil } from './console-staff';
import { CITIES, loseAnswers, type City } from './web-pages';

// Issue 13 item 6: the restoration queue, live, at both cities.
// The platform's clock stands still, so the test can step it to the posting day and back (sessions stay valid).
const clock = new FixedClock(new Date());
const env = platformInBrowser({ clock, demoDataAt: 'today' });

/** Each city's disconnected demo account, proved the city's way. */
const DISCONNECTED = { norwalk: { accountNumber: '10-1003-00' }, norman: { accountNumber: '2003-1188', lastPaymentAmount: '25.00' } } as const;

/** Each city's past-due demo account, for a second request: disconnected through the API first (disconnectedThroughApi). */
const PAST_DUE = { norwalk: { accountNumber: '10-1002-00' }, norman: { accountNumber: '2002-0933', lastPaymentAmount: '40.00' } } as const;

/** SUPPORT on the Restorations page, with the city's past-due account disconnected, paid in full and posted: Approve enabled. */
async function approvableRequest(page: Page, city: City): Promise<string> {
  const account = PAST_DUE[city.slug];
  await disconnectedThroughApi(env.platform, city.slug, account.accountNumber);
  await signInAsSupport(page, env.platform, city);
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Restorations' }).click();
  await page.getByRole('status').filter({ hasText: 'Live updates: Live' }).waitFor();
  const { due } = await amountDue(env.platform.client.asTenant(city.slug), account);
  await guestPays(env.platform, city.slug, due, account);
  await postOnPostingDay(env.platform, clock, city.slug);
  const approve = page.getByRole('button', { name: `Approve restoration of ${account.accountNumber}` });
  await approve.waitFor();
  await waitUntil('Approve is enabled', () => approve.isEnabled());
  return account.accountNumber;
}

describe.each(CITIES)('the restoration queue at $name', (city) => {
  it('shows a request the moment a disconnected account is paid in full, lets staff approve it once the payment posts, and drops it when approved', async () => {
    const { tab } = env;
    const { page } = tab;
    await signInAsSupport(page, env.platform, city);
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Restorations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Restorations' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Live updates: Live' }).waitFor();
    await page.getByText('No restoration requests are waiting.').waitFor();
    await expectNoSeriousAccessibilityViolations(page);

    const account = DISCONNECTED[city.slug];
    const { due } = await amountDue(env.platform.client.asTenant(city.slug), account);
    const confirmation = await guestPays(env.platform, city.slug, due, account);

    // Live: the request arrives with its payment, not yet approvable.
    const row = page.getByRole('row').filter({ hasText: account.accountNumber });
    await row.waitFor();
    expect(await row.innerText()).toContain(confirmation);
    expect(await row.innerText()).toContain('Not yet: approve once it posts');
    const approve = page.getByRole('button', { name: `Approve restoration of ${account.accountNumber}` });
    expect(await approve.isDisabled()).toBe(true);
    await expectNoSeriousAccessibilityViolations(page);

    expect(await postOnPostingDay(env.platform, clock, city.slug)).toBeGreaterThanOrEqual(1);
    await waitUntil('Approve is enabled', () => approve.isEnabled());
    expect(await row.innerText()).toContain('Posted');
    await screenshotAtBothSizes(page, `console-restorations-${city.slug}`);

    // Approve asks first; the keyboard confirms.
    await approve.click();
    const yes = page.getByRole('button', { name: 'Yes, approve' });
    await yes.waitFor();
    expect((await focused(page)).text).toBe('Yes, approve');
    await expectNoSeriousAccessibilityViolations(page);
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Restoration approved for account ${account.accountNumber}.` })
      .waitFor();
    await row.waitFor({ state: 'detached' });
    await page.getByText('No restoration requests are waiting.').waitFor();
    tab.expectNoConsoleErrors();
  }, 90_000);
});

describe('what the restoration queue says after Approve', () => {
  it('says the restoration was approved in Spanish once the clerk switches to Español (Norwalk)', async () => {
    const { tab } = env;
    const { page } = tab;
    const accountNumber = await approvableRequest(page, CITIES[0]);
    await page.getByRole('button', { name: `Approve restoration of ${accountNumber}` }).click();
    await page.getByRole('button', { name: 'Yes, approve' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Restoration approved for account ${accountNumber}.` })
      .waitFor();
    await page.getByRole('button', { name: 'Español' }).click();
    // What the clerk reads, waited for (not the heading, which says nothing of the status line).
    await page
      .getByRole('status')
      .filter({ hasText: `Restablecimiento aprobado para la cuenta ${accountNumber}.` })
      .waitFor();
    const said = (await page.getByRole('status').allInnerTexts()).map((text) => text.trim());
    expect(said).toContain(`Restablecimiento aprobado para la cuenta ${accountNumber}.`);
    expect(said.filter((text) => text.includes('Restoration approved'))).toEqual([]);
    tab.expectNoConsoleErrors();
  }, 90_000);

  it('says an approval whose answer was lost could not be confirmed (not that the page failed to load), and the live queue shows it was (Norman)', async () => {
    const { tab } = env;
    const { page } = tab;
    const accountNumber = await approvableRequest(page, CITIES[1]);
    await loseAnswers(page, 'ApproveRestoration');
    await page.getByRole('button', { name: `Approve restoration of ${accountNumber}` }).click();
    await page.getByRole('button', { name: 'Yes, approve' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      `No answer came back, so it could not be confirmed whether restoration of account ${accountNumber} was approved. If it was, the account leaves this list; if it is still listed in a moment, approve it again.`,
    );
    expect((await focused(page)).text).toBe(await alert.innerText());
    // It was approved: the feed takes the request away.
    await page.getByRole('row').filter({ hasText: accountNumber }).waitFor({ state: 'detached' });
    expect(await page.locator('main').innerText()).not.toContain('could not be loaded');
    tab.expectNoConsoleErrors([/net::ERR_CONNECTION_RESET|Failed to load resource/]);
  }, 90_000);
});
