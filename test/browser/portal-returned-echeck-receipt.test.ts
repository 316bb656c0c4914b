import { FixedClock } from '@platform/testkit';
import { linkedResident } from '../customers/linked-resident';
import { BANK, bankToken, newKey, pay } from '../payments/payments-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, type Page } from './browser';
import { openResidentPage, signInResident, switchToSpanish } from './portal-pages';
import { CITIES, focused, seenTexts } from './web-pages';

/*
 * A resident pays $20.00 by e-check from an account without the funds; two
 * days on, the bank returns it (R01). Their receipt must say so: the bank
 * took the $20.00 back, nothing stays paid, and it will never post. Before,
 * it said only "Status: Returned" above "Total charged $20.00", "Paid to
 * account: $20.00" and a posting date, which reads as a payment made.
 */
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformInBrowser({ clock, jobs: true });
beforeEach(() => env.tab.page.setDefaultTimeout(15_000));
const [NORWALK] = CITIES;
const EMAIL = 'returned.echeck@norwalk.example';
let confirmation = '';

beforeAll(async () => {
  const { customer, accountId } = await linkedResident(env.platform, 'norwalk', { email: EMAIL, locale: 'EN' }, '10-1001-00');
  const echeck = await pay(customer, {
    idempotencyKey: newKey('returned'),
    allocations: [{ serviceAccountId: accountId, amount: '20.00' }],
    token: await bankToken(env.platform, BANK.accounts.returnsInsufficientFunds),
  });
  expect([echeck.payment?.status, echeck.userErrors]).toEqual(['AUTHORIZED', []]);
  confirmation = echeck.payment!.confirmationNumber;
  clock.set(new Date('2026-11-26T18:00:00Z'));
  await env.platform.runJob('payments.settle-echecks');
}, 60_000);

/** The receipt's facts as a screen reader reads the list: each term with its definition. */
async function receiptFacts(page: Page): Promise<Record<string, string>> {
  const receipt = page.getByRole('region', { name: /^(Receipt|Recibo)$/ });
  const terms = await receipt.getByRole('term').allInnerTexts();
  const definitions = await seenTexts(receipt.getByRole('definition'));
  return Object.fromEntries(terms.map((term, index) => [term, definitions[index]!]));
}

/** Opens the payment's receipt from the history with the keyboard. */
async function openReceipt(page: Page, link: string): Promise<void> {
  await page.getByRole('link', { name: link }).focus();
  await page.keyboard.press('Enter');
}

it('says on the receipt of a returned e-check that the bank took the money back, with its code, and no posting date, in English and Spanish', async () => {
  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, EMAIL);
  await openResidentPage(page, 'Payment history');
  await openReceipt(page, `Receipt ${confirmation}`);
  await page.getByRole('heading', { level: 1, name: 'Payment receipt' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Status: Returned' }).waitFor();
  expect(await focused(page)).toBe('H1: Payment receipt');
  const english = await receiptFacts(page);
  expect(english).toMatchObject({ 'Total charged': '$20.00', 'Returned by your bank': '$20.00 taken back (return code R01)', 'Paid after the return': '$0.00' });
  expect(english).not.toHaveProperty('Expected to post');
  await expectNoSeriousAccessibilityViolations(page);

  await switchToSpanish(page);
  await page.getByRole('status').filter({ hasText: 'Estado: Devuelto' }).waitFor();
  const spanish = await receiptFacts(page);
  expect(spanish).toMatchObject({ 'Total cobrado': '$20.00', 'Devuelto por su banco': '$20.00 retirados (código de devolución R01)', 'Pagado tras la devolución': '$0.00' });
  expect(spanish).not.toHaveProperty('Se aplicará el');
  // Its masked numbers are said digit by digit in Spanish too: the bank account the API names, the account it paid.
  const said = await page.getByRole('region', { name: 'Recibo', exact: true }).ariaSnapshot();
  expect(said).toMatch(/definition: Cuenta bancaria \D*\d \d \d \d\n/);
  expect(said).toMatch(/listitem: "Cuenta terminada en \d \d \d \d: \$20\.00"/);
  env.tab.expectNoConsoleErrors();
}, 60_000);
