import { expectNoSeriousAccessibilityViolations, platformInBrowser } from './browser';
import { openCounterFormFor, signInAs } from './console-staff';
import { CITIES, fieldDescription } from './web-pages';

/*
 * Closing the drawer from the console: on My drawer the clerk types what they counted; a count that is off asks why at
 * the reason's field (the API's words, saying by how much), and once closed the page shows the close (what the drawer
 * should hold, what was counted, over or short, why) instead of the form. The counter page then refuses the clerk's
 * next payment: their drawer for the day is closed.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [, NORMAN] = CITIES;

it('closes the clerk’s drawer with what they counted, asking why when it is off, and then takes no more of their payments', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORMAN, 'SUPPORT');
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'My drawer' }).click();
  const closing = page.getByRole('form', { name: 'Close the drawer' });
  await closing.waitFor();
  await closing.getByLabel('Cash counted', { exact: true }).fill('5.00');
  await closing.getByLabel('Checks counted', { exact: true }).fill('0');
  await closing.getByLabel('Checks total', { exact: true }).fill('0.00');
  await closing.getByRole('button', { name: 'Close the drawer' }).click();
  await page.getByText('The count is off from what the drawer should hold (over $5.00): say why.').first().waitFor();
  expect(await closing.getByLabel('Reason the count is off', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  expect(await fieldDescription(page, 'Reason the count is off')).toContain('(over $5.00)');

  await closing.getByLabel('Reason the count is off', { exact: true }).fill('Float left in from yesterday');
  await closing.getByRole('button', { name: 'Close the drawer' }).click();
  const closed = page.getByRole('region', { name: 'Drawer closed' });
  await closed.waitFor();
  const said = (await closed.innerText()).replace(/\s+/g, ' ');
  expect(said).toContain('Should hold $0.00 cash, 0 checks ($0.00)');
  expect(said).toContain('Counted $5.00 cash, 0 checks ($0.00)');
  expect(said).toContain('Over or short $5.00');
  expect(said).toContain('Float left in from yesterday');
  expect(await page.getByRole('form', { name: 'Close the drawer' }).count()).toBe(0);
  await expectNoSeriousAccessibilityViolations(page);

  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Counter payment' }).click();
  await openCounterFormFor(page, '2001-0417');
  await page.getByLabel('Amount', { exact: true }).fill('5.00');
  await page.getByLabel('Cash received', { exact: true }).fill('5.00');
  await page.getByLabel('Received by', { exact: true }).fill('Pat Clerk');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await page
    .getByRole('alert')
    .getByText(/^Your drawer for \w+ \d{1,2}, \d{4} is closed: another clerk records this payment\.$/)
    .waitFor();
  env.tab.expectNoConsoleErrors();
}, 120_000);
