import { FixedClock } from '@platform/testkit';
import { LOOKUP } from '../billing/billing-api';
import { addressSource } from '../customers/burst';
import { registerCustomer, signIn, tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, tableRows } from './browser';
import { focused, signInAs } from './console-staff';
import { CITIES, cityUrl } from './web-pages';

/*
 * A Norman resident calls: the payment site refuses her account. A stranger holding her neighbour's bill typed five
 * wrong last payment amounts, and the account is locked for guests for a quarter-hour. The console had no page to say
 * so: staff could not tell her why, nor when it lifts, nor clear it once she proved who she is. Now "Lockouts" shows
 * it (the account number typed any way), to SUPPORT and ADMIN, and the ADMIN clears it from the keyboard, with a
 * reason, in English or Spanish.
 */
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformInBrowser({ clock, trustProxy: true });
const norman = CITIES[1];
const ACCOUNT = '2001-0417';
const stranger = addressSource('10.71');
const pageUrl = (lang: string) => {
  const url = new URL(cityUrl(env.platform, norman, '/console'));
  url.pathname = '/console/lockouts';
  url.searchParams.set('lang', lang);
  return url.href;
};

beforeAll(async () => {
  await changeCitySettings(env.platform, 'norman', { locales: ['EN', 'ES'] });
  for (let i = 0; i < 5; i++) {
    const answer = await env.platform.client
      .asTenant('norman')
      .withHeaders({ 'x-forwarded-for': stranger() })
      .request(LOOKUP, { input: { accountNumber: ACCOUNT, lastPaymentAmount: `${30 + i}.00` } });
    expect(answer.errors).toBeUndefined();
  }
});

it('shows SUPPORT why the account is locked out and when it lifts, whatever the spacing typed, with nothing to clear', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, norman, 'SUPPORT');
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Lockouts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lockouts' }).waitFor();
  await page.getByLabel('Account number').fill(' 2001 0417 ');
  await page.getByLabel('Account number').press('Enter');
  const table = page.getByRole('group', { name: `Lockouts of account ${ACCOUNT}` }).getByRole('table');
  await table.waitFor();
  expect(await tableRows(table)).toEqual([
    { Why: expect.stringMatching(/last payment amount/), Attempts: '5 of 5', Now: 'Locked out', 'Lifts at': expect.stringMatching(/12:15/) },
    { Why: expect.stringMatching(/last payment amount/), Attempts: '5 of 20', Now: 'Counting, not locked out', 'Lifts at': expect.stringMatching(/12:00/) },
  ]);
  expect(await page.getByRole('button', { name: /Clear lockouts/ }).count()).toBe(0);
  expect(await expectNoSeriousAccessibilityViolations(page)).toEqual([]);
});

it('lets the ADMIN clear it from the keyboard, asking for a reason, in Spanish, and says it is cleared', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, norman, 'ADMIN');
  await page.goto(pageUrl('es'));
  await page.getByRole('heading', { level: 1, name: 'Bloqueos de acceso' }).waitFor();
  await page.getByLabel('Número de cuenta').fill('2001-0417');
  await page.getByLabel('Número de cuenta').press('Enter');
  await page
    .getByRole('group', { name: `Bloqueos de la cuenta ${ACCOUNT}` })
    .getByText('Bloqueado', { exact: true })
    .waitFor();
  expect(await expectNoSeriousAccessibilityViolations(page)).toEqual([]);

  await page.getByRole('button', { name: `Quitar bloqueos: ${ACCOUNT}` }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Quitar los bloqueos de ${ACCOUNT}` });
  await dialog.waitFor();
  expect(await focused(page)).toMatchObject({ tag: 'TEXTAREA', inDialog: true });
  // Confirmed with no reason: said at the field, and nothing is cleared.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await dialog.getByText('Escriba un motivo.').waitFor();
  expect(await tenantRows(env.platform, 'norman', "SELECT 1 FROM security_events WHERE kind = 'LOCKOUT_CLEARED'")).toEqual([]);

  await dialog.getByLabel('Motivo').fill('Llamó la titular; confirmó nombre, dirección y último pago');
  await dialog.getByRole('button', { name: 'Quitar bloqueos' }).press('Enter');
  await page
    .getByRole('status')
    .filter({ hasText: `Bloqueos quitados: ${ACCOUNT}.` })
    .waitFor();
  await page.getByText(`Nada cuenta en contra de la cuenta ${ACCOUNT}: no está bloqueada.`).waitFor();
  expect(await tenantRows(env.platform, 'norman', "SELECT detail->>'reason' AS reason FROM security_events WHERE kind = 'LOCKOUT_CLEARED'")).toEqual([
    { reason: 'Llamó la titular; confirmó nombre, dirección y último pago' },
  ]);
});

it('finds the caller by name when she does not remember her sign-in, and leads to her lockouts', async () => {
  const norman = env.platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': stranger() });
  await registerCustomer(norman, { email: 'rosa.delgado@example.com', username: 'rdelgado_71', name: 'Rosa Delgado', phone: '(405) 555-0171' }, { proveEmail: false });
  for (let i = 0; i < 5; i++) expect((await signIn(norman, 'rdelgado_71', 'not her password')).session).toBeNull();

  const { page } = env.tab;
  await signInAs(page, env.platform, CITIES[1], 'SUPPORT');
  await page.goto(pageUrl('en'));
  await page.getByRole('heading', { level: 1, name: 'Lockouts' }).waitFor();
  // By the phone she calls from, written as she says it.
  await page.getByLabel('Name, email or phone').fill('405 555 0171');
  await page.getByLabel('Name, email or phone').press('Enter');
  const residents = page.getByRole('group', { name: 'Residents matching “405 555 0171”' }).getByRole('table');
  await residents.waitFor();
  // Her email not confirmed yet (registered, link never followed): the clerk can tell her why no receipt arrives.
  expect(await tableRows(residents)).toEqual([
    { Name: 'Rosa Delgado', Email: 'rosa.delgado@example.com (not confirmed: nothing is emailed to it)', Username: 'rdelgado_71', Phone: '+14055550171', Action: 'Show lockouts' },
  ]);
  expect(await expectNoSeriousAccessibilityViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Show lockouts: Rosa Delgado' }).click();
  const lockouts = page.getByRole('group', { name: 'Lockouts of Rosa Delgado' }).getByRole('table');
  await lockouts.waitFor();
  expect(await tableRows(lockouts)).toEqual([{ Why: 'Too many wrong passwords.', Attempts: '5 of 5', Now: 'Locked out', 'Lifts at': expect.any(String) }]);
  expect(await focused(page)).toMatchObject({ tag: 'H2' });

  // Nobody of another name, and never another city's residents.
  await page.getByLabel('Name, email or phone').fill('alopez');
  await page.getByLabel('Name, email or phone').press('Enter');
  await page.getByText('No resident matches “alopez”.').waitFor();

  // A card number the caller read out, typed here by mistake: refused at the field, kept in no audit log.
  await page.getByLabel('Name, email or phone').fill('4242 4242 4242 4242');
  await page.getByLabel('Name, email or phone').press('Enter');
  await page.getByText('That holds a card number: search by the resident’s name, email or phone. Card numbers are never typed here.').waitFor();
  expect(await page.getByLabel('Name, email or phone').getAttribute('aria-invalid')).toBe('true');
});
