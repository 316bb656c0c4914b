import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import { CREATE_STAFF, latestToken, type UserErrorShape } from '../customers/customer-api';
import { platformInBrowser, type Locator, type Page } from './browser';
import { switchToSpanish } from './portal-pages';
import { CITIES, cityUrl } from './web-pages';

/*
 * The console's ways in (sign-in, an invitation) and its bill import, switched to Español at Norwalk after the server
 * has said something there. The page's headings turned Spanish while the server's English sentence stayed beside them
 * (the sign-in's wrong details, a used invitation link, a bill file's bad rows), and the import page's own sentences
 * stayed in the language they were first written in. What the person typed or chose stays through the switch.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;
const admin = DEMO_STAFF.find((user) => user.tenant === NORWALK.slug && user.role === 'ADMIN')!;

const words = (locator: Locator) => locator.allInnerTexts().then((texts) => texts.join(' ').replace(/\s+/g, ' ').trim());

function consoleUrl(path: string): string {
  const url = new URL(cityUrl(env.platform, NORWALK, '/console'));
  url.pathname = path;
  return url.href;
}

it('sign-in: wrong details are said in Spanish after the switch, and the email typed stays', async () => {
  const { page } = env.tab;
  await page.goto(consoleUrl('/console'));
  await page.getByLabel('Email', { exact: true }).fill(demoSignIn(admin));
  await page.getByLabel('Password', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'The sign-in details are not correct.' }).waitFor();

  await switchToSpanish(page);
  await page.getByRole('heading', { level: 1, name: 'Acceso del personal' }).waitFor();
  expect({ alert: await words(page.getByRole('alert')), email: await page.getByLabel('Correo electrónico', { exact: true }).inputValue() }).toEqual({
    alert: 'Hay un problema Los datos de inicio de sesión no son correctos.',
    email: demoSignIn(admin),
  });
  env.tab.expectNoConsoleErrors();
});

it('an invitation link already used: said in Spanish after the switch, and what was typed stays', async () => {
  const { createStaffUser } = await env.platform.operator
    .asTenant(NORWALK.slug)
    .data<{ createStaffUser: { userErrors: UserErrorShape[] } }>(CREATE_STAFF, { input: { email: 'twice.invited@norwalk.example', name: 'Tess Twice', role: 'SUPPORT' } });
  expect(createStaffUser.userErrors).toEqual([]);
  const token = await latestToken(env.platform, NORWALK.slug, 'twice.invited@norwalk.example', 'STAFF_INVITATION');
  const used = await env.platform.client
    .asTenant(NORWALK.slug)
    .data<{ resetPassword: { userErrors: UserErrorShape[] } }>('mutation R($input: ResetPasswordInput!) { resetPassword(input: $input) { userErrors { code } } }', {
      input: { token, newPassword: 'a long first password 1' },
    });
  expect(used.resetPassword.userErrors).toEqual([]);

  const { page } = env.tab;
  await page.goto(`${consoleUrl('/console/accept-invitation')}?tenant=${NORWALK.slug}&token=${encodeURIComponent(token)}`);
  await page.getByLabel('Email', { exact: true }).fill('twice.invited@norwalk.example');
  await page.getByLabel('Choose a password').fill('a long second password 2');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'This invitation link is no longer valid.' }).waitFor();

  await switchToSpanish(page);
  await page.getByRole('heading', { level: 1, name: 'Aceptar su invitación' }).waitFor();
  const alert = await words(page.getByRole('alert'));
  expect({
    spanish: alert.includes('Este enlace de invitación ya no es válido.'),
    english: /link|valid/i.test(alert.replace('válido', '')),
    email: await page.getByLabel('Correo electrónico', { exact: true }).inputValue(),
  }).toEqual({ spanish: true, english: false, email: 'twice.invited@norwalk.example' });
  env.tab.expectNoConsoleErrors();
});

describe('bill import', () => {
  async function openImportPage(page: Page): Promise<void> {
    await page.goto(consoleUrl('/console/import'));
    await page.getByLabel('Email', { exact: true }).fill(demoSignIn(admin));
    await page.getByLabel('Password', { exact: true }).fill(DEMO_STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bill import' }).waitFor();
  }
  const HEADER = 'bill_number,account_number,issue_date,due_date,water,sewer,trash,description';

  it('a file’s bad rows are said in Spanish after the switch, the file still chosen', async () => {
    const { page } = env.tab;
    await openImportPage(page);
    const csv = [HEADER, 'L-9901,99-9999-99,2026-11-01,2026-11-22,30.00,,,'].join('\r\n');
    await page.getByLabel('CSV file').setInputFiles({ name: 'noviembre.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('table', { name: 'Problems by line' }).getByText('No account with this number.').waitFor();

    await switchToSpanish(page);
    await page.getByRole('heading', { level: 1, name: 'Importar facturas' }).waitFor();
    await page.getByText('noviembre.csv: 1 fila', { exact: true }).waitFor();
    const table = page.getByRole('table', { name: 'Problemas por línea' });
    await table.getByText('No hay ninguna cuenta con este número.').waitFor();
    expect(await words(page.locator('main'))).not.toContain('No account with');
    env.tab.expectNoConsoleErrors();
  });

  it('“Choose a CSV file first” is said in Spanish after the switch', async () => {
    const { page } = env.tab;
    await openImportPage(page);
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('alert').filter({ hasText: 'Choose a CSV file first.' }).waitFor();
    await switchToSpanish(page);
    await page.getByRole('heading', { level: 1, name: 'Importar facturas' }).waitFor();
    expect(await words(page.getByRole('alert'))).toContain('Primero elija un archivo CSV.');
  });
});
