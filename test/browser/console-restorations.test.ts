import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import { FixedClock } from '@platform/testkit';
import { bearer, signIn } from '../customers/customer-api';
import { amountDue } from '../payments/payments-api';
import { expectNoSeriousAccessibilityViolations, workerBrowser, openPage, screenshotAtBothSizes, type Browser } from './browser';
import { focused, guestPays, signInAsSupport, waitUntil } from './console-staff';
import { CITIES } from './web-pages';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';

// Issue 13 item 6: the restoration queue, live, at both cities.
// The platform's clock stands still, so the test can step it to the posting day and back (sessions stay valid).
const NOW = new Date();
const clock = new FixedClock(NOW);
let platform: TestPlatform;
let browser: Browser;
beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestPlatform({ clock }), workerBrowser()]);
});
afterAll(async () => {
  await platform?.close();
});

/** Each city's disconnected demo account, proved the city's way. */
const DISCONNECTED = { norwalk: { accountNumber: '10-1003-00' }, norman: { accountNumber: '2003-1188', lastPaymentAmount: '25.00' } } as const;

/** An ADMIN runs the city's posting now, on the posting day (a few days on), then the clock comes back. */
async function postOnPostingDay(slug: 'norwalk' | 'norman'): Promise<number> {
  clock.set(new Date(NOW.getTime() + 4 * 24 * 3600 * 1000));
  try {
    const user = DEMO_STAFF.find((staff) => staff.tenant === slug && staff.role === 'ADMIN')!;
    const login = await signIn(platform.client.asTenant(slug), demoSignIn(user), DEMO_STAFF_PASSWORD);
    const admin = bearer(platform.client.asTenant(slug), login.session!);
    return (await admin.data<{ runPosting: { posted: number } }>('mutation { runPosting { posted } }')).runPosting.posted;
  } finally {
    clock.set(NOW);
  }
}

describe.each(CITIES)('the restoration queue at $name', (city) => {
  it('shows a request the moment a disconnected account is paid in full, lets staff approve it once the payment posts, and drops it when approved', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    try {
      await signInAsSupport(page, platform, city);
      await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Restorations' }).click();
      await page.getByRole('heading', { level: 1, name: 'Restorations' }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Live updates: Live' }).waitFor();
      await page.getByText('No restoration requests are waiting.').waitFor();
      await expectNoSeriousAccessibilityViolations(page);

      const account = DISCONNECTED[city.slug];
      const { due } = await amountDue(platform.client.asTenant(city.slug), account);
      const confirmation = await guestPays(platform, city.slug, due, account);

      // Live: the request arrives with its payment, not yet approvable.
      const row = page.getByRole('row').filter({ hasText: account.accountNumber });
      await row.waitFor();
      expect(await row.innerText()).toContain(confirmation);
      expect(await row.innerText()).toContain('Not yet: approve once it posts');
      const approve = page.getByRole('button', { name: `Approve restoration of ${account.accountNumber}` });
      expect(await approve.isDisabled()).toBe(true);
      await expectNoSeriousAccessibilityViolations(page);

      expect(await postOnPostingDay(city.slug)).toBeGreaterThanOrEqual(1);
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
    } finally {
      await tab.close();
    }
  }, 90_000);
});
