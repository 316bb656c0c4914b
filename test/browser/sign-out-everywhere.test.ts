import { newCustomer } from '../autopay/autopay-api';
import { VIEWER, bearer, signIn } from '../customers/customer-api';
import { signInAs } from './console-staff';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, screenshotAtBothSizes, type Page } from './browser';
import { openResidentPage, signInResident } from './portal-pages';
import { CITIES, perceived } from './web-pages';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';

/*
 * "Sign out everywhere" (logoutEverywhere), where a person looks for it: on the portal's Profile page for a resident
 * who lost a phone, and in the console's header for a clerk who left a counter PC signed in. It signs this browser out
 * too and says it signed out every device; the other device's session is over. Where the server could not be reached
 * it says so and stays signed in: only the server can sign the other devices out, so "signed out" would be untrue.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

/** Whether a session signed in elsewhere (its access token) is still let in. */
async function otherDevice(token: Parameters<typeof bearer>[1]): Promise<unknown> {
  const extensions = (await bearer(env.platform.client.asTenant('norwalk'), token).request(VIEWER)).errors?.[0]?.extensions;
  return extensions && 'reason' in extensions ? extensions.reason : 'still signed in';
}

/** Refuses, once, the tab's next request of an operation before it reaches the server (no connection). */
async function noConnectionFor(page: Page, operationName: string): Promise<void> {
  await page.route('**/graphql', (route) => ((route.request().postData() ?? '').includes(`"operationName":"${operationName}"`) ? route.abort('internetdisconnected') : route.fallback()), {
    times: 1,
  });
}

it('signs a resident out on every device from the Profile page, this browser included, and says so', async () => {
  const resident = await newCustomer(env.platform, { email: 'lost.my.phone@example.com', accounts: ['10-1001-00'] });
  const phone = (await signIn(env.platform.client.asTenant('norwalk'), resident.email)).session!;
  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, resident.email);
  await openResidentPage(page, 'Profile');

  const section = page.getByRole('region', { name: 'Sign out everywhere' });
  expect(await section.innerText()).toContain('Lost a phone, or left a shared computer signed in?');
  await expectNoSeriousAccessibilityViolations(page);
  await screenshotAtBothSizes(page, 'portal-profile-sign-out-everywhere');
  await section.getByRole('button', { name: 'Sign out everywhere' }).click();

  await page.getByRole('heading', { level: 1, name: 'Sign in to your account' }).waitFor();
  expect((await perceived(page)).live).toContain('You have signed out on every device and browser.');
  expect(await otherDevice(phone)).toBe('SESSION_ENDED');
}, 60_000);

it('says when it could not reach the city, and stays signed in with the other devices not signed out', async () => {
  const resident = await newCustomer(env.platform, { email: 'no.signal@example.com', accounts: ['10-1002-00'] });
  const phone = (await signIn(env.platform.client.asTenant('norwalk'), resident.email)).session!;
  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, resident.email);
  await openResidentPage(page, 'Profile');
  await noConnectionFor(page, 'SignOutEverywhere');

  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.getByRole('alert').filter({ hasText: 'We could not sign you out everywhere' }).waitFor();
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Profile');
  expect(await otherDevice(phone)).toBe('still signed in');

  // Tried again with the connection back, it does it.
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in to your account' }).waitFor();
  expect(await otherDevice(phone)).toBe('SESSION_ENDED');
}, 60_000);

it("signs a clerk out on every device from the console's header, the counter PC included", async () => {
  const clerk = DEMO_STAFF.find((staff) => staff.tenant === 'norwalk' && staff.role === 'SUPPORT')!;
  const counterPc = (await signIn(env.platform.client.asTenant('norwalk'), demoSignIn(clerk), DEMO_STAFF_PASSWORD)).session!;
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'SUPPORT');
  await expectNoSeriousAccessibilityViolations(page);
  await screenshotAtBothSizes(page, 'console-header-sign-out-everywhere');

  await page.getByRole('banner').getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.getByRole('heading', { level: 1, name: 'Staff sign-in' }).waitFor();
  expect((await perceived(page)).live).toContain('You are signed out on every device and browser.');
  expect(await otherDevice(counterPc)).toBe('SESSION_ENDED');
}, 60_000);
