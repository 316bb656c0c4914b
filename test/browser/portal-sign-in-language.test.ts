import { newCustomer } from '../autopay/autopay-api';
import { platformInBrowser } from './browser';
import { signInResident } from './portal-pages';
import { CITIES, cityUrl } from './web-pages';

/*
 * Profile's language is "the language of the emails and of this site". A resident who chose Spanish signs in on a
 * device set to English (a library computer, a phone in English): once signed in, the site is in Spanish, as their
 * emails are, not in the English of a device that was never told. (Norwalk, in English and Spanish.)
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

it('a resident whose account is in Spanish, signing in on an English device, gets the site in Spanish', async () => {
  await newCustomer(env.platform, { email: 'ana.entra@example.com', accounts: ['10-1001-00'], locale: 'ES' });
  const { page } = env.tab;
  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await page.getByRole('button', { name: 'Pay a bill' }).waitFor();
  await page.goto(`${cityUrl(env.platform, NORWALK, '/')}sign-in`);
  await page.getByLabel('Email').fill('ana.entra@example.com');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sus cuentas' }).waitFor();
  expect(await page.evaluate('document.documentElement.lang')).toBe('es');
  await page.getByRole('navigation', { name: 'Su cuenta' }).getByRole('link', { name: 'Perfil', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Perfil' }).waitFor();
  expect(await page.getByLabel('Idioma de los correos y de este sitio').inputValue()).toBe('ES');
  env.tab.expectNoConsoleErrors();
});

it('a resident whose account is in English stays in English', async () => {
  await newCustomer(env.platform, { email: 'pat.entra@example.com', accounts: ['10-1002-00'], locale: 'EN' });
  await signInResident(env.platform, env.tab.page, NORWALK, 'pat.entra@example.com');
  expect(await env.tab.page.evaluate('document.documentElement.lang')).toBe('en');
});
