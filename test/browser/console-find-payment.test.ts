import { expectNoSeriousAccessibilityViolations, platformInBrowser } from './browser';
import { focused, guestPays, signInAsSupport } from './console-staff';
import { CITIES } from './web-pages';

/*
 * A payer on the phone reads out their confirmation number: the clerk finds the payment by it, however it is typed,
 * and its details open as a board row's do. The board alone held only what its feed replays, in no order a person
 * could search.
 */
const env = platformInBrowser();
const city = CITIES[0]; // Norwalk

it('finds a payment by the confirmation number as a payer reads it out, opens its details, and says plainly what is not one', async () => {
  const { page } = env.tab;
  const confirmation = await guestPays(env.platform, city.slug, '21.50');
  await signInAsSupport(page, env.platform, city);
  const finder = page.getByRole('search', { name: 'Find a payment' });
  const field = finder.getByLabel('Confirmation number');

  // Read out over the phone: lower case, spaces for dashes. Enter finds it; the details open, focus inside.
  await field.fill(confirmation.toLowerCase().replace(/-/g, ' '));
  await field.press('Enter');
  const drawer = page.getByRole('dialog', { name: `Payment ${confirmation}` });
  await drawer.getByText('$21.50').first().waitFor();
  expect((await focused(page)).inDialog).toBe(true);
  await expectNoSeriousAccessibilityViolations(page);
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  expect((await focused(page)).text).toBe('Find payment');

  // A number no payment has, and one that cannot be a number: each said where the clerk looks.
  await field.fill('ZZZZ-ZZZZ-ZZZZ');
  await finder.getByRole('button', { name: 'Find payment' }).click();
  await finder.getByRole('status').filter({ hasText: 'No payment of this city has the confirmation number ZZZZ-ZZZZ-ZZZZ.' }).waitFor();
  await field.fill('12345');
  await field.press('Enter');
  await finder.getByText('That is not a confirmation number: it is 12 letters and digits, like K7QM-4XPD-9R2T.').waitFor();
  expect(await field.getAttribute('aria-invalid')).toBe('true');
}, 90_000);
