import { platformInBrowser, type Locator } from './browser';
import { goToAccounts, openAccount } from './console-account-pages';
import { signInAs } from './console-staff';
import { CITIES, cityUrl, fieldDescription } from './web-pages';

// What the console has already said (problems, what an action did) follows a switch of language, as the rest of the page does.
const env = platformInBrowser();
const NORWALK = CITIES[0]; // English and Spanish

const words = (locator: Locator) => locator.innerText().then((text) => text.replace(/\s+/g, ' ').trim());
const allWords = (locator: Locator) => locator.allInnerTexts().then((texts) => texts.map((text) => text.replace(/\s+/g, ' ').trim()).filter(Boolean));

describe('the console switched to Español at Norwalk, with messages already on the page', () => {
  it('sign-in: the problems said before the switch are said in Spanish after it, in the summary and at the fields', async () => {
    const { page } = env.tab;
    await page.goto(cityUrl(env.platform, NORWALK, '/console'));
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await page.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { level: 1, name: 'Acceso del personal' }).waitFor();
    expect({
      summary: await words(page.getByRole('alert')),
      password: await fieldDescription(page, 'Contraseña'),
    }).toEqual({ summary: 'Hay un problema Escriba su correo electrónico. Escriba su contraseña.', password: 'Escriba su contraseña.' });
    env.tab.expectNoConsoleErrors();
  }, 60_000);

  it('Staff page: the add form’s problems are said in Spanish after the switch', async () => {
    const { page } = env.tab;
    await signInAs(page, env.platform, NORWALK, 'ADMIN');
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('heading', { level: 1, name: 'Staff' }).waitFor();
    await page.getByRole('button', { name: 'Add and send invitation' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter their full name.' }).waitFor();
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personal' }).waitFor();
    const alert = await words(page.getByRole('alert'));
    expect({ spanish: alert.includes('Escriba su nombre completo.') && alert.includes('Escriba su correo electrónico.'), english: /Enter their/.test(alert) }).toEqual({
      spanish: true,
      english: false,
    });
    env.tab.expectNoConsoleErrors();
  }, 60_000);

  it('account page: what an action did is said in Spanish after the switch', async () => {
    const { page } = env.tab;
    await signInAs(page, env.platform, NORWALK, 'ADMIN');
    await goToAccounts(page);
    await openAccount(page, '10-1002-00');
    await page.getByRole('button', { name: 'Record adjustment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Adjust account 10-1002-00' });
    await dialog.getByLabel('Amount', { exact: true }).fill('-1.00');
    await dialog.getByLabel('Reason', { exact: true }).fill('Goodwill credit');
    await dialog.getByRole('button', { name: 'Record adjustment' }).click();
    await page.getByRole('status').filter({ hasText: 'Adjustment to account 10-1002-00 recorded.' }).waitFor();
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cuentas' }).waitFor();
    const statuses = await allWords(page.getByRole('status'));
    expect({ spanish: statuses.includes('Ajuste de la cuenta 10-1002-00 registrado.'), english: statuses.some((text) => text.includes('recorded')) }).toEqual({ spanish: true, english: false });
    env.tab.expectNoConsoleErrors();
  }, 60_000);
});
