import { FixedClock } from '@platform/testkit';
import { APPROVE_RESTORATION } from '../billing/billing-api';
import { disconnectedThroughApi } from '../billing/disconnected-through-api';
import { postOnPostingDay } from '../billing/posting-day';
import { demoStaffClient } from '../customers/demo-staff';
import { amountDue } from '../payments/payments-api';
import { platformInBrowser } from './browser';
import { guestPays, signInAsSupport, waitUntil } from './console-staff';
import { CITIES } from './web-pages';

/*
 * A clerk at Norwalk (English and Spanish) presses Approve on a restoration another member of staff approved a moment
 * before: the API refuses it, in English, the language it was asked in. The clerk switches the console to Español for
 * the resident at the window; the page's own words turned Spanish, but the API's English sentence stayed in the alert.
 * Asking again is no remedy (Approve restores someone's water), so the page keeps only what it can say itself.
 */

const clock = new FixedClock(new Date());
const env = platformInBrowser({ clock, demoDataAt: 'today' });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;
const ACCOUNT = { accountNumber: '10-1002-00' } as const; // past due

it("drops the API's English refusal of Approve once the clerk switches to Español", async () => {
  const admin = await demoStaffClient(env.platform, NORWALK.slug, 'ADMIN');
  const accountId = await disconnectedThroughApi(env.platform, NORWALK.slug, ACCOUNT.accountNumber);

  const { tab } = env;
  const { page } = tab;
  await signInAsSupport(page, env.platform, NORWALK);
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Restorations' }).click();
  await page.getByRole('status').filter({ hasText: 'Live updates: Live' }).waitFor();
  const { due } = await amountDue(env.platform.client.asTenant(NORWALK.slug), ACCOUNT);
  await guestPays(env.platform, NORWALK.slug, due, ACCOUNT);
  await postOnPostingDay(env.platform, clock, NORWALK.slug);
  const approve = page.getByRole('button', { name: `Approve restoration of ${ACCOUNT.accountNumber}` });
  await waitUntil('Approve is enabled', () => approve.isEnabled());

  // The ADMIN approves it as the clerk's press is on its way: the server then answers the clerk's with its refusal.
  await page.route('**/graphql', async (route) => {
    if (!(route.request().postData() ?? '').includes('"operationName":"ApproveRestoration"')) return route.fallback();
    const { approveRestoration } = await admin.data<{ approveRestoration: { userErrors: unknown[] } }>(APPROVE_RESTORATION, { id: accountId });
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
}, 120_000);
