import { GOOD_PASSWORD, registerCustomer, tenantRows } from '../customers/customer-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser } from './browser';
import { CITIES, cityUrl } from './web-pages';

/*
 * A resident who registered never followed the link sent to their address (lost in spam, a day gone): the city emails
 * them nothing, receipts included. Their profile says so, in their language, and sends a new link, ending the old
 * one (test/customers/email-verification.test.ts has the API's side).
 */
const env = platformInBrowser();
const [NORWALK] = CITIES;
const EMAIL = 'never.clicked@example.com';

it('tells a resident whose email is not confirmed that nothing is emailed until it is, and sends the link again', async () => {
  await registerCustomer(env.platform.client.asTenant('norwalk'), { email: EMAIL }, { proveEmail: false });
  const { page } = env.tab;
  await page.goto(`${cityUrl(env.platform, NORWALK, '/')}sign-in`);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Said on the accounts page too, where a resident lands after registering.
  await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
  await page.getByText(`Your email ${EMAIL} is not confirmed yet`).waitFor();
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Profile' }).click();
  await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
  await page.getByText(`Your email ${EMAIL} is not confirmed yet: open the link we sent there. Until then, receipts and notices are not emailed to you`).waitFor();
  expect(await expectNoSeriousAccessibilityViolations(page)).toEqual([]);

  const links = () =>
    tenantRows<{ status: string }>(env.platform, 'norwalk', `SELECT status FROM notification_outbox WHERE recipient = $1 AND template = 'EMAIL_VERIFICATION' ORDER BY created_at`, [EMAIL]);
  expect(await links()).toEqual([{ status: 'PENDING' }]);
  await page.getByRole('button', { name: 'Send the link again' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `We sent a new link to ${EMAIL}. The one before no longer works.` })
    .waitFor();
  // The first, not sent yet, is withdrawn with its link: one link goes out, the new one.
  expect(await links()).toEqual([{ status: 'SUPPRESSED' }, { status: 'PENDING' }]);
  env.tab.expectNoConsoleErrors();
});
