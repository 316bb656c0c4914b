import { retirePublishedDemoSignIns } from '@platform/customers';
import type { RequestContext } from '@platform/api';
import { CREATE_STAFF, GOOD_PASSWORD, RESET, latestToken, type UserErrorShape } from '../customers/customer-api';
import { platformInBrowser, type Page } from './browser';
import { CITIES, cityUrl } from './web-pages';

// README (Configuration): a production gateway takes away, as it starts, every demo staff sign-in whose published
// password still opens it (STAFF_DISABLED, reason DEMO_PASSWORD_PUBLISHED, actor `production-start`); the platform
// operator then adds an ADMIN, who reads in the audit log why the demo staff lost their access. Its Who column took
// any actor word it did not know for a user id and showed "User producti", as if one of the city's users had done it.
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(15_000));

/** The cells of the log's first row whose text holds `text`, as read: time, who, event, about whom, details. */
async function eventCells(page: Page, table: string, text: string): Promise<string[]> {
  const row = page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: text }).first();
  await row.waitFor();
  return (await row.getByRole('cell').allInnerTexts()).map((cell) => cell.replace(/\s+/g, ' ').trim());
}

it('says the platform took the published demo sign-ins away as it started, in English and in Español', async () => {
  const city = CITIES[0];
  // The operator's new ADMIN, who is left once the demo sign-ins are gone.
  const created = await env.platform.operator
    .asTenant(city.slug)
    .data<{ createStaffUser: { userErrors: UserErrorShape[] } }>(CREATE_STAFF, { input: { email: 'olive.ops@norwalk.example', name: 'Olive Ops', role: 'ADMIN' } });
  expect(created.createStaffUser.userErrors).toEqual([]);
  const token = await latestToken(env.platform, city.slug, 'olive.ops@norwalk.example', 'STAFF_INVITATION');
  const accepted = await env.platform.client.asTenant(city.slug).data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token, newPassword: GOOD_PASSWORD } });
  expect(accepted.resetPassword.userErrors).toEqual([]);

  // What a production gateway does as it starts over a database that held the demo sign-ins.
  const quiet = { warn: () => undefined } as unknown as RequestContext['log'];
  expect(await retirePublishedDemoSignIns(env.platform.db, quiet)).toBeGreaterThan(0);

  const { page } = env.tab;
  const url = new URL(cityUrl(env.platform, city, '/console'));
  url.pathname = '/console/audit';
  await page.goto(url.href);
  await page.getByLabel('Email', { exact: true }).fill('olive.ops@norwalk.example');
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();

  const [, who, event, , details] = await eventCells(page, 'Audit log', 'Demo sign-in with a published password');
  expect({ who, event, details }).toEqual({ who: 'The platform, as it started', event: 'Staff access removed', details: expect.stringContaining('Demo sign-in with a published password') });

  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { level: 1, name: 'Registro de auditoría' }).waitFor();
  const [, quien, evento] = await eventCells(page, 'Registro de auditoría', 'Acceso del personal retirado');
  expect({ quien, evento }).toEqual({ quien: 'La plataforma, al iniciarse', evento: 'Acceso del personal retirado' });
}, 90_000);
