import { newCustomer, enrolAutopay } from '../autopay/autopay-api';
import { GOOD_PASSWORD, signIn, tenantRows } from '../customers/customer-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser } from './browser';
import { openResidentPage, signInResident, switchToSpanish } from './portal-pages';
import { CITIES, perceived } from './web-pages';

/*
 * A resident who moves away closes their online account from Profile: "Close my online account…" asks first, in a
 * dialog saying what happens (payments stay on the city's record, Auto Pay stops, saved cards and bank accounts are
 * removed, the email can register again) and asking for the password. Escape keeps the account; a wrong password is
 * said at its field; the right one closes it, and the resident lands on the sign-in page, which says so.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

it('asks first, saying what happens; Escape keeps it; a wrong password is said; by keyboard, it closes and the sign-in page says so', async () => {
  const { page } = env.tab;
  const resident = await newCustomer(env.platform, { email: 'closing.by.keyboard@example.com', accounts: ['10-1001-00'] });
  await enrolAutopay(resident, resident.accounts['10-1001-00']!);
  await signInResident(env.platform, page, NORWALK, resident.email);
  await openResidentPage(page, 'Profile');

  const open = page.getByRole('button', { name: 'Close my online account…' });
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Close your online account?' });
  await dialog.waitFor();
  expect(await perceived(page)).toMatchObject({ focus: 'INPUT: Current password' });
  const said = await dialog.innerText();
  for (const sentence of [
    'The payments you made stay on the city’s record.',
    'Auto Pay you set up stops: pay your bills another way from now on.',
    'Your saved cards and bank accounts are removed.',
    'Your email can be used to register again.',
  ]) {
    expect(said).toContain(sentence);
  }
  await expectNoSeriousAccessibilityViolations(page);

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  expect(await perceived(page)).toMatchObject({ focus: 'BUTTON: Close my online account…' });

  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await page.keyboard.type('not the password');
  await page.keyboard.press('Enter');
  await dialog.getByRole('alert').getByText('Your current password is not correct.').waitFor();
  expect(await signIn(env.platform.client.asTenant('norwalk'), resident.email)).toMatchObject({ userErrors: [] });

  await dialog.getByLabel('Current password').fill(GOOD_PASSWORD);
  await dialog.getByLabel('Current password').press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByText('Your online account is closed. A confirmation is on its way to your email.', { exact: false }).waitFor();
  const [row] = await tenantRows<{ closed: boolean }>(env.platform, 'norwalk', 'SELECT closed_at IS NOT NULL AS closed FROM users WHERE id = $1', [resident.userId]);
  expect(row?.closed).toBe(true);
  env.tab.expectNoConsoleErrors();
}, 120_000);

it('in Spanish', async () => {
  const { page } = env.tab;
  const resident = await newCustomer(env.platform, { email: 'cierre.en.espanol@example.com', accounts: ['10-1002-00'] });
  await signInResident(env.platform, page, NORWALK, resident.email);
  await switchToSpanish(page);
  await page.getByRole('navigation', { name: 'Su cuenta' }).getByRole('link', { name: 'Perfil', exact: true }).click();

  await page.getByRole('button', { name: 'Cerrar mi cuenta en línea…' }).click();
  const dialog = page.getByRole('dialog', { name: '¿Cerrar su cuenta en línea?' });
  await dialog.waitFor();
  expect(await dialog.innerText()).toContain('Los pagos que hizo quedan en los registros de la ciudad.');
  await dialog.getByLabel('Contraseña actual').fill(GOOD_PASSWORD);
  await dialog.getByRole('button', { name: 'Cerrar mi cuenta en línea', exact: true }).click();
  await page.getByText('Su cuenta en línea está cerrada.', { exact: false }).waitFor();
  env.tab.expectNoConsoleErrors();
}, 120_000);
