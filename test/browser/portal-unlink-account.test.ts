import { myAccounts, newCustomer, enrolAutopay } from '../autopay/autopay-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, screenshotAtBothSizes } from './browser';
import { signInResident, switchToSpanish } from './portal-pages';
import { CITIES, perceived } from './web-pages';

/*
 * Your accounts lets a resident unlink an account (a move, an account linked by mistake, room under the 25-account
 * cap), as the API's unlinkServiceAccount does: each account's card has "Unlink 10-1001-00", which asks first in a
 * dialog saying what goes with the link (the resident's Auto Pay of it stops), and once confirmed the account leaves
 * the list and the page says so, with the keyboard's focus on what says it.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

const UNLINK = 'mutation U($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { code } } }';

it('asks first, saying its Auto Pay stops; Escape keeps it; confirmed by keyboard, it is unlinked and the page says so', async () => {
  const { page } = env.tab;
  const resident = await newCustomer(env.platform, { email: 'moving.out@example.com', accounts: ['10-1001-00', '10-1002-00'] });
  await enrolAutopay(resident, resident.accounts['10-1001-00']!);
  await signInResident(env.platform, page, NORWALK, resident.email);

  const unlink = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Account 10-1001-00', exact: true }) })
    .getByRole('button', { name: 'Unlink 10-1001-00' });
  await unlink.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Unlink account 10-1001-00?' });
  await dialog.waitFor();
  // Focus starts on keeping it: linking again takes the city's proof, and the Auto Pay would have to be set up again.
  expect(await perceived(page)).toMatchObject({ focus: 'BUTTON: Keep it linked' });
  expect(await dialog.innerText()).toContain('The Auto Pay you set up for it stops: its bills will no longer be paid automatically.');
  await expectNoSeriousAccessibilityViolations(page);
  await screenshotAtBothSizes(page, 'portal-unlink-account');

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  expect(await perceived(page)).toMatchObject({ focus: 'BUTTON: Unlink 10-1001-00' });

  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await page.keyboard.press('Shift+Tab');
  expect(await perceived(page)).toMatchObject({ focus: 'BUTTON: Unlink 10-1001-00' });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Account 10-1001-00', exact: true }).waitFor({ state: 'detached' });

  expect(await perceived(page)).toMatchObject({ focus: 'P: Account 10-1001-00 is unlinked.', live: ['Account 10-1001-00 is unlinked.'] });
  expect(await page.getByRole('heading', { level: 2, name: /^Account / }).allInnerTexts()).toEqual(['Account 10-1002-00']);
  expect(Object.keys(await myAccounts(await resident.client()))).toEqual(['10-1002-00']);
  env.tab.expectNoConsoleErrors();
});

it('in Spanish, and an account another tab unlinked first is gone all the same, with nothing said to have gone wrong', async () => {
  const { page } = env.tab;
  const resident = await newCustomer(env.platform, { email: 'dos.pestanas@example.com', accounts: ['10-1003-00'] });
  await signInResident(env.platform, page, NORWALK, resident.email);
  await switchToSpanish(page);

  await page.getByRole('button', { name: 'Desvincular 10-1003-00' }).click();
  const dialog = page.getByRole('dialog', { name: '¿Desvincular la cuenta 10-1003-00?' });
  await dialog.waitFor();
  expect(await dialog.innerText()).toContain('Ya no aparecerá aquí');
  // Not the Auto Pay sentence: this resident has none on it.
  expect(await dialog.innerText()).not.toContain('pago automático que usted configuró');

  const me = await resident.client();
  expect((await me.data<{ unlinkServiceAccount: { userErrors: unknown[] } }>(UNLINK, { id: resident.accounts['10-1003-00'] })).unlinkServiceAccount.userErrors).toEqual([]);
  await dialog.getByRole('button', { name: 'Desvincular 10-1003-00' }).click();
  await dialog.waitFor({ state: 'detached' });

  expect(await perceived(page)).toMatchObject({ focus: 'P: La cuenta 10-1003-00 está desvinculada.', live: ['La cuenta 10-1003-00 está desvinculada.'] });
  await page.getByText('Todavía no ha vinculado una cuenta de servicios.').waitFor();
  expect(await page.getByRole('alert').count()).toBe(0);
  env.tab.expectNoConsoleErrors();
});
