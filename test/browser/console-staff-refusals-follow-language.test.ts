import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import { CREATE_STAFF, type UserErrorShape } from '../customers/customer-api';
import { platformInBrowser, type Page } from './browser';
import { CITIES, cityUrl } from './web-pages';

/*
 * An ADMIN at Norwalk (English and Spanish) is refused on the Staff page (an email the API will not take, an invitation
 * to someone disabled meanwhile) and switches the console to
 * Español. The page's own words turned Spanish, but the API's English sentence stayed: a page in two languages. Asking
 * again is no remedy (each press adds or emails someone), so the page keeps only what it can say itself.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;
const admin = DEMO_STAFF.find((user) => user.tenant === NORWALK.slug && user.role === 'ADMIN')!;
const DISABLE = 'mutation Disable($userId: UUID!) { disableStaffUser(userId: $userId) { userErrors { code } } }';

async function invitedThroughApi(name: string, email: string): Promise<string> {
  const { createStaffUser } = await env.platform.operator
    .asTenant(NORWALK.slug)
    .data<{ createStaffUser: { user: { id: string } | null; userErrors: UserErrorShape[] } }>(CREATE_STAFF, { input: { email, name, role: 'SUPPORT' } });
  expect(createStaffUser.userErrors).toEqual([]);
  return createStaffUser.user!.id;
}

async function asOperator(mutation: string, userId: string): Promise<void> {
  const data = await env.platform.operator.asTenant(NORWALK.slug).data<Record<string, { userErrors: unknown[] }>>(mutation, { userId });
  expect(Object.values(data)[0]!.userErrors).toEqual([]);
}

async function openStaffPage(page: Page): Promise<void> {
  const url = new URL(cityUrl(env.platform, NORWALK, '/console'));
  url.pathname = '/console/staff';
  await page.goto(url.href);
  await page.getByLabel('Email', { exact: true }).fill(demoSignIn(admin));
  await page.getByLabel('Password', { exact: true }).fill(DEMO_STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Staff', exact: true }).waitFor();
  await page
    .getByRole('table', { name: `Staff of ${NORWALK.name}` })
    .getByRole('row')
    .nth(1)
    .waitFor();
}

/** Switches to Español and returns everything the page's main region says. */
async function inSpanish(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Español' }).click();
  await page.waitForFunction(`document.documentElement.lang === 'es'`);
  await page.getByRole('heading', { level: 1, name: 'Personal' }).waitFor();
  return page.getByRole('main').innerText();
}

it("drops the API's English refusal of an email once the ADMIN switches to Español", async () => {
  const { page } = env.tab;
  await openStaffPage(page);
  const form = page.getByRole('region', { name: 'Add a staff member' });
  await form.getByLabel('Full name', { exact: true }).fill('Ona Odd');
  await form.getByLabel('Email', { exact: true }).fill('ona at norwalk');
  await form.getByRole('button', { name: 'Add and send invitation' }).click();
  const refusal = page.getByRole('alert');
  await refusal.waitFor();
  const english = (await refusal.locator('li').allInnerTexts()).map((text) => text.trim());
  expect(english.length).toBeGreaterThan(0);

  const main = await inSpanish(page);
  expect(english.filter((text) => main.includes(text))).toEqual([]);
  expect(await page.getByLabel('Correo electrónico', { exact: true }).first().inputValue()).toBe('ona at norwalk');
  env.tab.expectNoConsoleErrors();
}, 90_000);

it("drops the API's English refusal of a new invitation once the ADMIN switches to Español", async () => {
  const { page } = env.tab;
  const id = await invitedThroughApi('Ira Invited', 'ira.invited@norwalk.example');
  await openStaffPage(page);
  await asOperator(DISABLE, id); // disabled meanwhile: no invitation may be sent
  await page.getByRole('button', { name: 'Send a new invitation to Ira Invited' }).click();
  const said = page.getByRole('status').filter({ hasText: /\S/ }).first();
  await said.waitFor();
  const english = (await said.innerText()).trim();
  expect(english).not.toMatch(/new invitation was sent|sent a new invitation/i);

  const main = await inSpanish(page);
  expect(main).not.toContain(english);
  env.tab.expectNoConsoleErrors();
}, 90_000);
