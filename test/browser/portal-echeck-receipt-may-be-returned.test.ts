import { FixedClock } from '@platform/testkit';
import { linkedResident } from '../customers/linked-resident';
import { BANK, bankToken, newKey, pay } from '../payments/payments-api';
import { platformInBrowser } from './browser';
import { openResidentPage, signInResident, switchToSpanish } from './portal-pages';
import { CITIES } from './web-pages';

/*
 * An e-check's emailed receipt and the phone line say that its bank can still return it, and that the payment is then
 * undone and owed again; the receipt on the city's web page said only "Status: Received", as for a card. It says so
 * now, in the page's language, until the bank settles the e-check.
 */
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformInBrowser({ clock, jobs: true });
const [NORWALK] = CITIES;
const EMAIL = 'echeck.receipt@norwalk.example';
const WARNING = 'This is an electronic check: if your bank returns it, the payment is undone and the amount is owed again.';
let confirmation = '';

beforeAll(async () => {
  const { customer, accountId } = await linkedResident(env.platform, 'norwalk', { email: EMAIL, locale: 'EN' }, '10-1001-00');
  const echeck = await pay(customer, {
    idempotencyKey: newKey('echeck-receipt'),
    allocations: [{ serviceAccountId: accountId, amount: '20.00' }],
    token: await bankToken(env.platform, BANK.accounts.settles),
  });
  expect([echeck.payment?.status, echeck.userErrors]).toEqual(['AUTHORIZED', []]);
  confirmation = echeck.payment!.confirmationNumber;
}, 60_000);

async function openReceipt(): Promise<void> {
  const { page } = env.tab;
  await openResidentPage(page, 'Payment history');
  await page.getByRole('link', { name: `Receipt ${confirmation}` }).click();
  // Its heading changes as the payment is read ("Payment receipt", then "Thank you: ..."): its status line shows it read.
  await page.getByRole('region', { name: 'Receipt', exact: true }).getByRole('status').filter({ hasText: 'Status: ' }).waitFor();
}

it("says on an e-check's receipt that its bank can still return it, in English and Spanish", async () => {
  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, EMAIL);
  await openReceipt();
  await page.getByRole('region', { name: 'Receipt', exact: true }).getByText(WARNING).waitFor();
  await switchToSpanish(page);
  await page.getByRole('region', { name: 'Recibo', exact: true }).getByText('Este es un cheque electrónico: si su banco lo devuelve, el pago se anula y se debe de nuevo el monto.').waitFor();
  env.tab.expectNoConsoleErrors();
}, 60_000);

it('says nothing of it once the bank has settled the e-check', async () => {
  clock.set(new Date('2026-11-27T18:00:00Z'));
  await env.platform.runJob('payments.settle-echecks');
  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, EMAIL);
  await openReceipt();
  expect(await page.getByRole('region', { name: 'Receipt', exact: true }).innerText()).not.toContain('electronic check');
}, 60_000);
