import { FixedClock } from '@platform/testkit';
import { CARDS, newCustomer, saveCard, type Customer } from '../autopay/autopay-api';
import { platformInBrowser } from './browser';
import { openResidentPage, signInResident } from './portal-pages';
import { CITIES } from './web-pages';

/*
 * Remove in the wallet removes a saved method once however it is pressed: a
 * double click removes the card and says so, without a second removal that
 * alerts "That saved payment method was not found."; the button is marked
 * busy (aria-disabled) while its removal is on its way.
 */
const today = new Date();
const clock = new FixedClock(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 20, 18)));
const env = platformInBrowser({ clock, demoDataAt: 'today' });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

let resident: Customer;
beforeAll(async () => {
  resident = await newCustomer(env.platform, { email: 'double.clicker@example.com', accounts: ['10-1003-00'] });
  await saveCard(env.platform, await resident.client(), CARDS.mastercard, 11, 2031);
});

it('a double-clicked Remove removes the card and says so, without an alert that something went wrong', async () => {
  const { page } = env.tab;
  const removals: string[] = [];
  // Each removal held a moment, as on a slow connection: both clicks land while the first is on its way.
  await page.route('**/graphql', async (route) => {
    const body = route.request().postData() ?? '';
    if (!body.includes('"operationName":"AccountRemoveMethod"')) return route.fallback();
    removals.push(body);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return route.fallback();
  });
  await signInResident(env.platform, page, NORWALK, resident.email);
  await openResidentPage(page, 'Saved payment methods');
  const remove = page.getByRole('button', { name: /^Remove Mastercard ending/ });
  await remove.dblclick();
  // Busy, not disabled: a disabled button would drop the keyboard's focus to the document.
  expect(await remove.getAttribute('aria-disabled')).toBe('true');
  await page
    .getByRole('status')
    .filter({ hasText: /was removed/ })
    .waitFor();
  await page.waitForTimeout(500);
  const alerts = await page.getByRole('alert').allInnerTexts();
  expect(alerts.filter((text) => text.trim() !== '')).toEqual([]);
  // The status line only: as shown ("ending 4444"; its words for a screen reader say "ending 4 4 4 4").
  expect(await page.getByText(/Mastercard ending \d{4}/).count()).toBe(1);
  expect(removals).toHaveLength(1);
  env.tab.expectNoConsoleErrors();
});
