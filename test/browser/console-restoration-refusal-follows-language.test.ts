import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { APPROVE_RESTORATION, MARK_DISCONNECTED } from '../billing/billing-api';
import { bearer, signIn, tenantRows } from '../customers/customer-api';
import { amountDue } from '../payments/payments-api';
import { openPage, workerBrowser, type Browser } from './browser';
import { guestPays, signInAsSupport, waitUntil } from './console-staff';
import { CITIES } from './web-pages';

/*
 * A clerk at Norwalk (English and Spanish) presses Approve on a restoration another member of staff approved a moment
 * before: the API refuses it, in English, the language it was asked in. The clerk switches the console to Español for
 * the resident at the window; the page's own words turned Spanish, but the API's English sentence stayed in the alert.
 * Asking again is no remedy (Approve restores someone's water), so the page keeps only what it can say itself.
 */
const NOW = new Date();
const clock = new FixedClock(NOW);
let platform: TestPlatform;
let browser: Browser;
beforeAll(async () => {
  [platform, browser] = await Promise.all([startTestPlatform({ clock, demoDataAt: 'today' }), workerBrowser()]);
});
afterAll(async () => {
  await platform?.close();
});
const [NORWALK] = CITIES;
const ACCOUNT = { accountNumber: '10-1002-00' } as const; // past due

async function apiAdmin(): Promise<GraphQLTestClient> {
  const user = DEMO_STAFF.find((staff) => staff.tenant === NORWALK.slug && staff.role === 'ADMIN')!;
  const login = await signIn(platform.client.asTenant(NORWALK.slug), demoSignIn(user), DEMO_STAFF_PASSWORD);
  return bearer(platform.client.asTenant(NORWALK.slug), login.session!);
}

it("drops the API's English refusal of Approve once the clerk switches to Español", async () => {
  const admin = await apiAdmin();
  await admin.data('mutation { runDisconnectionSweep { markedEligible } }');
  const [account] = await tenantRows<{ id: string }>(platform, NORWALK.slug, 'SELECT id FROM service_accounts WHERE account_number = $1', [ACCOUNT.accountNumber]);
  expect((await admin.data<{ markAccountDisconnected: { userErrors: unknown[] } }>(MARK_DISCONNECTED, { id: account!.id })).markAccountDisconnected.userErrors).toEqual([]);

  const tab = await openPage(browser);
  const { page } = tab;
  try {
    page.setDefaultTimeout(10_000);
    await signInAsSupport(page, platform, NORWALK);
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Restorations' }).click();
    await page.getByRole('status').filter({ hasText: 'Live updates: Live' }).waitFor();
    const { due } = await amountDue(platform.client.asTenant(NORWALK.slug), ACCOUNT);
    await guestPays(platform, NORWALK.slug, due, ACCOUNT);
    clock.set(new Date(NOW.getTime() + 4 * 24 * 3600 * 1000));
    try {
      await (await apiAdmin()).data('mutation { runPosting { posted } }');
    } finally {
      clock.set(NOW);
    }
    const approve = page.getByRole('button', { name: `Approve restoration of ${ACCOUNT.accountNumber}` });
    await waitUntil('Approve is enabled', () => approve.isEnabled());

    // The ADMIN approves it as the clerk's press is on its way: the server then answers the clerk's with its refusal.
    await page.route('**/graphql', async (route) => {
      if (!(route.request().postData() ?? '').includes('"operationName":"ApproveRestoration"')) return route.fallback();
      const { approveRestoration } = await admin.data<{ approveRestoration: { userErrors: unknown[] } }>(APPROVE_RESTORATION, { id: account!.id });
      expect(approveRestoration.userErrors).toEqual([]);
      return route.fallback();
    });
    await approve.click();
    await page.getByRole('button', { name: 'Yes, approve' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor();
    const english = (await alert.innerText()).trim();

    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reconexiones' }).waitFor();
    expect(await page.getByRole('main').innerText()).not.toContain(english);
    tab.expectNoConsoleErrors();
  } finally {
    await tab.close();
  }
}, 120_000);
