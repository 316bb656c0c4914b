import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { GOOD_PASSWORD, registerCustomer } from '../customers/customer-api';
import { startSmtpCatcher, type SmtpCatcher } from '../notifications/smtp-catcher';
import { openPage, workerBrowser, type Browser } from './browser';

/*
 * A resident whose account is in Spanish asks for a password reset and gets the email in Spanish. Its button opens
 * the page where the new password is chosen: in Spanish too, whatever language the device is set to (phones and
 * library computers in English are common), not switching to English between the email and the form it leads to. The
 * other way round as well: an English email opens an English page on a Spanish device. (Norwalk, in both.)
 */
let smtp: SmtpCatcher;
let platform: TestPlatform;
let browser: Browser;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  [platform, browser] = await Promise.all([startTestPlatform({ notifications: { smtpUrl: smtp.url } }), workerBrowser()]);
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
});

/** The reset email a resident of `locale` gets: its subject and the link its button opens. */
async function resetEmail(email: string, locale: 'EN' | 'ES'): Promise<{ subject: string; link: string }> {
  const norwalk = platform.client.asTenant('norwalk');
  await registerCustomer(norwalk, { email, locale });
  await norwalk.data('mutation R($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { userErrors { code } } }', { input: { identifier: email } });
  await platform.settleBackgroundWork();
  await platform.deliverNotifications();
  const message = smtp.accepted.find((caught) => caught.envelopeTo.includes(email));
  const link = /https?:\/\/\S+\/reset-password\?\S+/.exec(message?.parsed.text ?? '')?.[0];
  if (!message || !link) throw new Error(`no reset email with a link to ${email}`);
  // The link's path and query as written, at this gateway (the tests' PUBLIC_URL names no real host).
  const { pathname, search } = new URL(link);
  return { subject: message.parsed.subject ?? '', link: `http://127.0.0.1:${platform.gateway.port}${pathname}${search}` };
}

it('a Spanish reset email opens the new-password page in Spanish on a device set to English, and the password is set in Spanish', async () => {
  const { subject, link } = await resetEmail('ana.reset@example.com', 'ES');
  expect(subject).toMatch(/^Restablezca su contraseña/);
  const tab = await openPage(browser, { locale: 'en-US' });
  try {
    const { page } = tab;
    page.setDefaultTimeout(10_000);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Elegir una contraseña nueva' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('es');
    await page.getByLabel('Contraseña nueva').fill(`${GOOD_PASSWORD} nueva`);
    await page.getByRole('button', { name: 'Guardar contraseña' }).click();
    await page.getByText('Su contraseña está lista.').waitFor();
    expect(await page.getByRole('main').innerText()).not.toMatch(/password|Sign in|Your/);
    tab.expectNoConsoleErrors();
  } finally {
    await tab.close();
  }
});

it('an English reset email opens the page in English on a device set to Spanish', async () => {
  const { link } = await resetEmail('pat.reset@example.com', 'EN');
  const tab = await openPage(browser, { locale: 'es-MX' });
  try {
    await tab.page.goto(link);
    await tab.page.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor({ timeout: 10_000 });
    expect(await tab.page.evaluate('document.documentElement.lang')).toBe('en');
  } finally {
    await tab.close();
  }
});
