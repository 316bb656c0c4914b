import { FixedClock } from '@platform/testkit';
import { openAccount, signInStaff } from '../billing/billing-api';
import { newCustomer, openAccountWithBill, type Customer, enrolAutopay } from '../autopay/autopay-api';
import { platformInBrowser, type Locator, type Page } from './browser';
import { openResidentPage, signInResident, switchToSpanish } from './portal-pages';
import { CITIES } from './web-pages';

/*
 * Rosa moved out; on Friday, March 13 the billing office closed her
 * accounts: 10-8401-00, with autopay on it (a card) and its $60.00 final
 * bill still owed, and 10-8402-00, which owes nothing. She signs in to the
 * portal to see what is left. The API says each account is CLOSED (status,
 * closedOn), that it has no autopay, refuses to enrol it (ACCOUNT_CLOSED),
 * and takes no payment beyond what it owes. Her portal must say each is
 * closed, and what is left to pay, in English and in Spanish; it must offer
 * to pay the final bill but nothing on the account that owes nothing, and
 * must not offer to enrol either in Auto Pay.
 */

const clock = new FixedClock(new Date('2026-03-13T18:00:00Z'));
const env = platformInBrowser({ clock });
const [NORWALK] = CITIES;
const OWING = '10-8401-00';
const SETTLED = '10-8402-00';
let rosa: Customer;

beforeAll(async () => {
  await openAccountWithBill(env.platform, OWING, '60.00');
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  await openAccount(staff, { accountNumber: SETTLED, addressLine1: '8402 Alondra Blvd' });
  rosa = await newCustomer(env.platform, { email: 'rosa.moved@example.com', accounts: [OWING, SETTLED] });
  await enrolAutopay(rosa, rosa.accounts[OWING]!);
  for (const number of [OWING, SETTLED]) {
    const closed = await staff.data<{ closeServiceAccount: { userErrors: unknown[] } }>('mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { userErrors { code } } }', {
      id: rosa.accounts[number],
    });
    expect(closed.closeServiceAccount.userErrors).toEqual([]);
  }
});

async function signIn(page: Page): Promise<void> {
  page.setDefaultTimeout(10_000);
  await signInResident(env.platform, page, NORWALK, rosa.email);
}

/** The card of an account, found by its number, which reads the same in both languages. */
const cardOf = (page: Page, accountNumber: string): Locator => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(accountNumber) }) });

it('says on the accounts page that each account is closed and what is left to pay, offering to pay only the final bill still owed', async () => {
  const { page } = env.tab;
  await signIn(page);
  const owing = cardOf(page, OWING);
  const settled = cardOf(page, SETTLED);
  expect(await owing.innerText()).toContain('Closed on Friday, March 13, 2026: only its final bill is left to pay.');
  expect(await owing.innerText()).toContain('Not available: the account is closed');
  expect(await owing.getByRole('checkbox', { name: `Pay account ${OWING}` }).count()).toBe(1);
  expect(await settled.innerText()).toContain('Closed on Friday, March 13, 2026: nothing is left to pay.');
  expect(await settled.getByRole('checkbox').count()).toBe(0);

  await switchToSpanish(page);
  await page.getByRole('heading', { level: 1, name: 'Sus cuentas' }).waitFor();
  expect(await owing.innerText()).toContain('Cerrado el viernes, 13 de marzo de 2026: solo queda por pagar la factura final.');
  expect(await owing.innerText()).toContain('No disponible: la cuenta está cerrada');
  expect(await settled.innerText()).toContain('Cerrado el viernes, 13 de marzo de 2026: no queda nada por pagar.');
  env.tab.expectNoConsoleErrors();
});

it('does not offer to enrol a closed account in Auto Pay (the API refuses it: ACCOUNT_CLOSED), and offers to pay its final bill', async () => {
  const { page } = env.tab;
  await signIn(page);
  await openResidentPage(page, 'Auto Pay');
  const owing = cardOf(page, OWING);
  await owing.waitFor();
  const offered = await page.getByRole('button', { name: 'Enroll' }).count();
  if (offered > 0) {
    // What happens when she takes the offer: the form, then a refusal.
    await owing.getByRole('button', { name: 'Enroll' }).click();
    await owing.getByRole('button', { name: 'Enroll in Auto Pay' }).click();
    await page
      .getByText(/closed/i)
      .first()
      .waitFor();
  }
  expect(offered).toBe(0);
  expect(await owing.innerText()).toContain('This account was closed on Friday, March 13, 2026, so Auto Pay no longer pays it.');
  expect(await cardOf(page, SETTLED).getByRole('button').count()).toBe(0);

  await owing.getByRole('button', { name: 'Pay $60.00 now' }).click();
  await page.waitForURL(/\/account\/pay/);
  env.tab.expectNoConsoleErrors();
});
