import { FixedClock } from '@platform/testkit';
import { newCustomer, saveToken } from '../autopay/autopay-api';
import { BANK, bankToken, newKey, pay } from '../payments/payments-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser } from './browser';
import { openResidentPage, signInResident, switchToSpanish } from './portal-pages';
import { CITIES } from './web-pages';

/*
 * Luis pays $20.00 from his saved checking account; the bank returns it (R02, account closed) and the city blocks the
 * account. His payment history showed "$20.00 · Returned" and nothing more, as if paid; it now says the bank took the
 * $20.00 back and nothing stays paid, as the receipt does. His wallet listed the blocked account like any other, and
 * the pay page went on offering it (to be refused): the wallet now says why it cannot be used, and paying does not
 * offer it. The masked numbers ("**-**02-00", "ending 0002") are said digit by digit to a screen reader, in English
 * and Spanish.
 */
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformInBrowser({ clock, jobs: true });
beforeEach(() => env.tab.page.setDefaultTimeout(15_000));
const [NORWALK] = CITIES;
let luis: Awaited<ReturnType<typeof newCustomer>>;
let confirmation = '';

beforeAll(async () => {
  luis = await newCustomer(env.platform, { email: 'luis.returned@example.com', accounts: ['10-1002-00'] });
  const me = await luis.client();
  const bankId = await saveToken(me, await bankToken(env.platform, BANK.accounts.returnsAccountClosed));
  const paid = await pay(me, { idempotencyKey: newKey('returned-history'), allocations: [{ serviceAccountId: luis.accounts['10-1002-00']!, amount: '20.00' }], savedMethodId: bankId });
  expect([paid.payment?.status, paid.userErrors]).toEqual(['AUTHORIZED', []]);
  confirmation = paid.payment!.confirmationNumber;
  clock.set(new Date('2026-11-26T18:00:00Z'));
  await env.platform.runJob('payments.settle-echecks');
}, 60_000);

it('says in the payment history that the bank took a returned e-check back, and says its account number digit by digit', async () => {
  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, luis.email);
  await openResidentPage(page, 'Payment history');
  const row = page.getByRole('row').filter({ hasText: confirmation });
  await row.getByRole('cell', { name: /^\$20\.00 ?\$20\.00 taken back by your bank \(return code R02\), \$0\.00 paid$/ }).waitFor();
  await row.getByRole('cell', { name: 'ending in 0 2 0 0', exact: true }).waitFor();
  await expectNoSeriousAccessibilityViolations(page);

  await switchToSpanish(page);
  await page.getByRole('heading', { level: 1, name: 'Historial de pagos' }).waitFor();
  await row.getByRole('cell', { name: /^\$20\.00 ?\$20\.00 retirados por su banco \(código de devolución R02\), \$0\.00 pagados$/ }).waitFor();
  await row.getByRole('cell', { name: 'terminada en 0 2 0 0', exact: true }).waitFor();
  env.tab.expectNoConsoleErrors();
}, 60_000);

it('says in the wallet why the blocked bank account cannot be used', async () => {
  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, luis.email);
  await openResidentPage(page, 'Saved payment methods');
  const bank = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Remove Bank account ending 0 0 0 2' }) });
  await bank.getByText('Cannot be used: your bank returned a payment from this account (return code R02). Use another method.').waitFor();
  await page
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: 'Remove Visa ending 4 2 4 2' }) })
    .waitFor();
  await expectNoSeriousAccessibilityViolations(page);

  await switchToSpanish(page);
  await page.getByRole('heading', { level: 1, name: 'Métodos de pago guardados' }).waitFor();
  await page.getByText('No se puede usar: su banco devolvió un pago de esta cuenta (código de devolución R02). Use otro método.').waitFor();
  await page.getByRole('button', { name: 'Eliminar Cuenta bancaria que termina en 0 0 0 2' }).waitFor();
  env.tab.expectNoConsoleErrors();
});

it('does not offer the blocked bank account for paying', async () => {
  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, luis.email);
  await page.getByRole('checkbox', { name: 'Pay account 10-1002-00' }).check();
  await page.getByLabel('Amount for account 10-1002-00').fill('15.00');
  await page.getByRole('button', { name: 'Pay selected accounts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pay your accounts' }).waitFor();
  const payWith = page.getByRole('group', { name: 'Pay with' });
  await payWith.getByRole('radio', { name: 'Visa ending 4 2 4 2' }).waitFor();
  expect(await payWith.getByRole('radio', { name: /0 0 0 2/ }).count()).toBe(0);
  env.tab.expectNoConsoleErrors();
}, 60_000);
