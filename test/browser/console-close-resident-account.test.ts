import { registerCustomer, signIn, tenantRows } from '../customers/customer-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser } from './browser';
import { signInAs } from './console-staff';
import { CITIES, perceived } from './web-pages';

/*
 * A resident calls: they moved away and want their online account closed. The city's ADMIN finds them under Lockouts'
 * "Find a resident", and "Close online account" asks first, saying what happens and asking for the reason the audit
 * log keeps; once closed, the page says so and the resident is found no more. SUPPORT is not offered it (the API
 * refuses SUPPORT).
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

async function findResident(search: string): Promise<void> {
  const { page } = env.tab;
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Lockouts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lockouts' }).waitFor();
  await page.getByLabel('Name, email or phone').fill(search);
  await page.getByLabel('Name, email or phone').press('Enter');
}

it('is not offered to SUPPORT', async () => {
  const { page } = env.tab;
  await registerCustomer(env.platform.client.asTenant('norwalk'), { email: 'support.sees@example.com', name: 'Robin Stays' });
  await signInAs(page, env.platform, NORWALK, 'SUPPORT');
  await findResident('Robin Stays');
  await page.getByRole('button', { name: 'Show lockouts: Robin Stays' }).waitFor();
  expect(await page.getByRole('button', { name: 'Close the online account of Robin Stays' }).count()).toBe(0);
}, 120_000);

it('lets the ADMIN close it: it asks for a reason, closes the account, says so, and the resident is found no more', async () => {
  const { page } = env.tab;
  const resident = await registerCustomer(env.platform.client.asTenant('norwalk'), { email: 'called.to.close@example.com', name: 'Morgan Caller' });
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await findResident('Morgan Caller');
  await page.getByRole('button', { name: 'Close the online account of Morgan Caller' }).click();
  const dialog = page.getByRole('dialog', { name: 'Close the online account of Morgan Caller?' });
  await dialog.waitFor();
  expect(await dialog.innerText()).toContain('Their payments stay on the city’s record.');
  expect(await perceived(page)).toMatchObject({ focus: 'TEXTAREA: Reason' });
  await expectNoSeriousAccessibilityViolations(page);

  await dialog.getByRole('button', { name: 'Close the online account' }).click();
  await dialog.getByText('Enter a reason.').waitFor();
  expect((await signIn(env.platform.client.asTenant('norwalk'), 'called.to.close@example.com')).userErrors).toEqual([]);

  await dialog.getByLabel('Reason').fill('Called 3/10: moved to Texas');
  await dialog.getByRole('button', { name: 'Close the online account' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('status').getByText('Online account closed: Morgan Caller.').waitFor();
  await page.getByText('No resident matches “Morgan Caller”.').waitFor();

  const [row] = await tenantRows<{ full_name: string | null; closed: boolean }>(env.platform, 'norwalk', 'SELECT full_name, closed_at IS NOT NULL AS closed FROM users WHERE id = $1', [
    resident.user.id,
  ]);
  expect(row).toEqual({ full_name: null, closed: true });
  env.tab.expectNoConsoleErrors();
}, 120_000);
