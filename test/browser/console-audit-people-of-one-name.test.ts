import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import { UPDATE_PROFILE, registerCustomer, signIn, type UserErrorShape } from '../customers/customer-api';
import { demoStaffClient } from '../customers/demo-staff';
import { platformInBrowser, type Page } from './browser';
import { CITIES, cityUrl } from './web-pages';

// The audit log's Who column names each person with how they sign in, which no one else can have: a name is chosen by
// its holder (a resident registers under any name; a clerk once renamed themselves after the city's ADMIN), so the name
// alone let one person's sign-ins, refunds and voids read as another's.
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(15_000));

const city = CITIES[0];
const demo = (role: 'ADMIN' | 'SUPPORT') => DEMO_STAFF.find((user) => user.tenant === city.slug && user.role === role)!;

/** The Who cell of every row of the log labelled `label`, as read. */
async function whoOf(page: Page, label: string): Promise<string[]> {
  const rows = page.getByRole('table', { name: 'Audit log' }).getByRole('row').filter({ hasText: label });
  await rows.first().waitFor();
  const texts: string[] = [];
  for (const row of await rows.all()) texts.push((await row.getByRole('cell').nth(1).innerText()).replace(/\s+/g, ' ').trim());
  return texts;
}

it('tells apart, in the Who column, two people who go by the ADMIN’s name, and refuses a clerk that name', async () => {
  const admin = demo('ADMIN');
  const client = env.platform.client.asTenant(city.slug);
  // A resident may call themselves anything; their sign-in is in the city's log like the staff's.
  await registerCustomer(client, { email: 'namesake@example.com', name: admin.name });
  expect((await signIn(client, 'namesake@example.com')).session).toBeTruthy();
  // A clerk may not take the ADMIN's name, whatever its letter case and accents.
  const clerk = await demoStaffClient(env.platform, city.slug, 'SUPPORT');
  const renamed = await clerk.data<{ updateProfile: { userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, { input: { name: 'ÁDAM  admin' } });
  expect(renamed.updateProfile.userErrors.map((error) => [error.field, error.code])).toEqual([[['input', 'name'], 'STAFF_NAME_TAKEN']]);

  const { page } = env.tab;
  const url = new URL(cityUrl(env.platform, city, '/console'));
  url.pathname = '/console/audit';
  await page.goto(url.href);
  await page.getByLabel('Email', { exact: true }).fill(demoSignIn(admin));
  await page.getByLabel('Password', { exact: true }).fill(DEMO_STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();

  // Newest first: the ADMIN's own sign-in, the clerk's, the resident's.
  expect(await whoOf(page, 'Signed in')).toEqual([`${admin.name} (${admin.email})`, `${demo('SUPPORT').name} (${demo('SUPPORT').email})`, `${admin.name} (namesake@example.com)`]);
}, 90_000);
