import { FixedClock } from '@platform/testkit';
import { goToAccounts, openAccount } from './console-account-pages';
import { guestPays, signInAsSupport } from './console-staff';
import { platformInBrowser } from './browser';
import { CITIES, cityUrl } from './web-pages';

/*
 * Step 2 of the guest payment says "Past due" only of what no payment under way covers (the API's pastDueNow, as the
 * signed-in accounts page does): once the whole past-due amount is paid and waiting to post, the page says what is
 * already paid, not "Past due $88.05" next to "Amount due $0.00" to a resident checking whether their payment arrived.
 * The staff console's account page says the same to the clerk the resident calls about it.
 */
const today = new Date();
const clock = new FixedClock(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 20, 18)));
const env = platformInBrowser({ clock, demoDataAt: 'today' });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

it('does not call an account past due once a payment waiting to post covers all of it: not to the guest, nor to staff', async () => {
  const { page } = env.tab;
  const lookup = async () => {
    await page.goto(`${cityUrl(env.platform, NORWALK, '/')}pay`);
    await page.getByLabel('Account number').fill('10-1001-00');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Step 2 of 3').waitFor();
    const region = page.getByRole('region', { name: 'Your account' });
    const terms = await region.getByRole('term').allInnerTexts();
    const details = await region.getByRole('definition').allInnerTexts();
    return Object.fromEntries(terms.map((term, index) => [term, details[index]]));
  };
  const before = await lookup();
  // The whole amount due is past due (the demo bill fell due before the 20th).
  expect(before['Past due']).toMatch(/^\$\d+\.\d\d$/);
  expect(before['Amount due']!.startsWith(before['Past due']!)).toBe(true);
  await guestPays(env.platform, 'norwalk', before['Past due']!.slice(1), { accountNumber: '10-1001-00' });
  await page.evaluate('sessionStorage.clear()');
  const after = await lookup();
  expect(after['Amount due']).toMatch(/^\$0\.00/);
  expect(after['Payments in progress']).toContain(`${before['Past due']} already paid`);
  expect(after['Past due']).toBeUndefined();

  await signInAsSupport(page, env.platform, NORWALK);
  await goToAccounts(page);
  await openAccount(page, '10-1001-00');
  const balance = page.getByRole('region', { name: 'Balance' });
  const terms = await balance.getByRole('term').allInnerTexts();
  const details = await balance.getByRole('definition').allInnerTexts();
  const staffSee = Object.fromEntries(terms.map((term, index) => [term, details[index]]));
  // Before: "Past due" was the posted past-due charges ($88.05), days and all, beside "Due now $0.00".
  expect({ dueNow: staffSee['Due now'], pastDue: staffSee['Past due'], days: staffSee['Days past due'], pending: staffSee['Pending payments'] }).toEqual({
    dueNow: '$0.00',
    pastDue: '$0.00',
    days: '0',
    pending: before['Past due'],
  });
}, 90_000);
