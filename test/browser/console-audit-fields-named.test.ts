import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import { GOOD_PASSWORD, UPDATE_PROFILE, bearer, registerCustomer, type UserErrorShape } from '../customers/customer-api';
import { demoStaffClient } from '../customers/demo-staff';
import { platformInBrowser, type Page } from './browser';
import { CITIES, cityUrl } from './web-pages';

// Found by review: the audit log named what a profile change touched by the code's field names ("Fields: fullName,
// pendingEmail,phone"), in Spanish too, and a clerk's search of the residents was not in it at all. The ADMIN now reads
// the fields in the page's language, and each search with what was typed and how many residents it showed.
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(15_000));

const city = CITIES[0];
const admin = DEMO_STAFF.find((user) => user.tenant === city.slug && user.role === 'ADMIN')!;

/** The text of the newest row of the log labelled `label`, as read. */
async function newestRow(page: Page, label: string): Promise<string> {
  const row = page.getByRole('table').getByRole('row').filter({ hasText: label }).first();
  await row.waitFor();
  return (await row.innerText()).replace(/\s+/g, ' ').trim();
}

it('names the fields a resident changed, and the searches clerks made, in the page’s language', async () => {
  const client = env.platform.client.asTenant(city.slug);
  const resident = await registerCustomer(client, { email: 'fields-named@example.com', name: 'Rita Fields' });
  const changed = await bearer(client, resident.session).data<{ updateProfile: { userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, {
    input: { name: 'Rita Fields-Moreno', phone: '562-555-0177', email: 'rita.new@example.com', currentPassword: GOOD_PASSWORD },
  });
  expect(changed.updateProfile.userErrors).toEqual([]);
  const clerk = await demoStaffClient(env.platform, city.slug, 'SUPPORT');
  await clerk.data('query { residents(search: "moreno") { edges { node { id } } } }');

  const { page } = env.tab;
  const url = new URL(cityUrl(env.platform, city, '/console'));
  url.pathname = '/console/audit';
  await page.goto(url.href);
  await page.getByLabel('Email', { exact: true }).fill(demoSignIn(admin));
  await page.getByLabel('Password', { exact: true }).fill(DEMO_STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();

  expect(await newestRow(page, 'Profile updated')).toContain('Fields: Name, New email (to confirm), Phone');
  expect(await newestRow(page, 'Residents searched')).toContain('Searched for: moreno · Residents shown: 1');

  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { level: 1, name: 'Registro de auditoría' }).waitFor();
  expect(await newestRow(page, 'Perfil actualizado')).toContain('Campos: Nombre, Correo nuevo (por confirmar), Teléfono');
  expect(await newestRow(page, 'Búsqueda de residentes')).toContain('Buscó: moreno · Residentes mostrados: 1');
}, 90_000);
