import { FixedClock } from '@platform/testkit';
import { BANK, bankToken, newKey, pay } from '../payments/payments-api';
import { countRows, tenantRows } from '../customers/customer-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, tableRows } from './browser';
import { focused, signInAs } from './console-staff';
import { CITIES, cityUrl } from './web-pages';

/*
 * A Norwalk resident's bank returned an e-check R02 (account closed) by mistake, and the city blocked the bank account
 * for good: the console had no page saying so and no way to lift it. Now "E-check blocks" lists it by its last
 * four digits and why, for SUPPORT and ADMIN; the ADMIN lifts it from the keyboard, with a reason, in English or Spanish.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformInBrowser({ clock, jobs: true });
const norwalk = CITIES[0];
const pageUrl = (lang?: string) => {
  const url = new URL(cityUrl(env.platform, norwalk, '/console'));
  url.pathname = '/console/bank-accounts';
  if (lang) url.searchParams.set('lang', lang);
  return url.href;
};

beforeAll(async () => {
  const paid = await pay(env.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('blocked'),
    allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }],
    token: await bankToken(env.platform, BANK.accounts.returnsAccountClosed),
    payerEmail: 'returned@example.com',
  });
  expect(paid.payment?.status).toBe('AUTHORIZED');
  clock.set(new Date('2026-11-27T18:00:00Z'));
  await env.platform.runJob('payments.settle-echecks');
  expect(await countRows(env.platform, 'norwalk', 'bank_accounts')).toBe(1);
});

it('shows SUPPORT the blocked bank account by its last four digits and why, with nothing to lift', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, norwalk, 'SUPPORT');
  await page.getByRole('link', { name: 'E-check blocks' }).click();
  await page.getByRole('heading', { level: 1, name: 'E-check blocks' }).waitFor();
  const table = page.getByRole('table', { name: 'Blocked bank accounts, latest first' });
  expect(await tableRows(table)).toEqual([{ 'Bank account': 'Ending 0002', Why: 'Its bank returned an e-check (R02).', 'Blocked on': expect.stringContaining('2026') }]);
  expect(await page.getByRole('button', { name: /Lift block/ }).count()).toBe(0);
});

it('lets the ADMIN lift it from the keyboard, asking for a reason, and says it is lifted; in Spanish too', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, norwalk, 'ADMIN');
  await page.goto(pageUrl('es'));
  await page.getByRole('heading', { level: 1, name: 'Bloqueos de cheques electrónicos' }).waitFor();
  // The heading shows before the list has loaded: wait for the row's words, not the page's first paint.
  await page.getByRole('main').getByText('Su banco devolvió un cheque electrónico (R02).').waitFor();
  await page.goto(pageUrl('en'));
  await page.getByRole('heading', { level: 1, name: 'E-check blocks' }).waitFor();
  expect(await expectNoSeriousAccessibilityViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Lift block: Ending 0002' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Lift the block on the bank account (Ending 0002)' });
  await dialog.waitFor();
  expect(await focused(page)).toMatchObject({ tag: 'TEXTAREA', inDialog: true });
  // Confirmed with no reason: said at the field, which keeps focus, and nothing is lifted.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await dialog.getByText('Enter a reason.').waitFor();
  expect(await countRows(env.platform, 'norwalk', 'bank_accounts')).toBe(1);

  await dialog.getByLabel('Reason').fill('Bank letter: the account is open, R02 in error');
  await dialog.getByRole('button', { name: 'Lift block' }).press('Enter');
  await page.getByRole('status').filter({ hasText: 'Block lifted: Ending 0002.' }).waitFor();
  await page.getByText('No bank account is blocked.').waitFor();
  // Kept as lifted, so the returns before the lift count no more toward a new block.
  expect(await tenantRows(env.platform, 'norwalk', 'SELECT status FROM bank_accounts')).toEqual([{ status: 'LIFTED' }]);
});
