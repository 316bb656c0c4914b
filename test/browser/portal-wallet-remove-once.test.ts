import { FixedClock } from '@platform/testkit';
import { CARDS, newCustomer, saveCard, type Customer } from '../autopay/autopay-api';
import { platformInBrowser } from './browser';
import { openResidentPage, signInResident } from './portal-pages';
import { waitUntil } from './console-staff';
import { CITIES, holdAnswer } from './web-pages';

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
  let answered = 0;
  const isRemoval = (body: string | null) => (body ?? '').includes('"operationName":"AccountRemoveMethod"');
  page.on('request', (request) => void (isRemoval(request.postData()) && removals.push(request.postData()!)));
  page.on('requestfinished', (request) => void (isRemoval(request.postData()) && answered++));
  // The removal held back, as on a slow connection, until the page has been seen busy: both clicks land while it is on its way.
  const held = await holdAnswer(page, 'AccountRemoveMethod');
  await signInResident(env.platform, page, NORWALK, resident.email);
  await openResidentPage(page, 'Saved payment methods');
  const remove = page.getByRole('button', { name: /^Remove Mastercard ending/ });
  await remove.dblclick();
  await held.asked;
  // Busy, not disabled: a disabled button would drop the keyboard's focus to the document.
  expect(await remove.getAttribute('aria-disabled')).toBe('true');
  held.release();
  await page
    .getByRole('status')
    .filter({ hasText: /was removed/ })
    .waitFor();
  // Every removal sent has been answered, and the page has drawn what it says of each (two frames).
  await waitUntil('every removal sent is answered', async () => answered === removals.length);
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  const alerts = await page.getByRole('alert').allInnerTexts();
  expect(alerts.filter((text) => text.trim() !== '')).toEqual([]);
  // Named by the status line only: no saved method in the list is it any more.
  expect(
    await page
      .getByRole('listitem')
      .filter({ hasText: /Mastercard ending/ })
      .count(),
  ).toBe(0);
  expect(removals).toHaveLength(1);
  env.tab.expectNoConsoleErrors();
});
