import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount as openAccountApi, signInStaff } from '../billing/billing-api';
import { newKey } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, type Page } from './browser';
import { goToAccounts, openAccount, rowTexts } from './console-account-pages';
import { focused, signInAs } from './console-staff';
import { CITIES, fieldDescription } from './web-pages';

/*
 * A check taken at Norwalk's counter on Tuesday comes back from the payer's bank on Thursday. The city's ADMIN finds
 * the payment on the account's page, where Void and Refund are, presses "Returned by bank", says the bank's reason,
 * confirms in the dialog, and the payment shows Returned, the account owing it again with the city's $30.00 fee.
 * By the keyboard; refusals at the field; in Spanish too; SUPPORT is offered nothing.
 */

const TUESDAY = new Date('2026-12-01T18:00:00Z');
const THURSDAY = new Date('2026-12-03T18:00:00Z');
const clock = new FixedClock(TUESDAY);
const env = platformInBrowser({ clock });
const [NORWALK] = CITIES;

let admin: GraphQLTestClient;
beforeAll(async () => {
  await changeCitySettings(env.platform, NORWALK.slug, { paymentRules: { counterPaymentsAccepted: true, returnedPaymentFee: '30.00' } });
  admin = await signInStaff(env.platform, NORWALK.slug, 'ADMIN');
});
afterEach(() => clock.set(TUESDAY));

/** A Norwalk account owing $150.00, paid $60.00 by check #4401 at the counter on Tuesday; its confirmation number. */
async function checkTakenTuesday(accountNumber: string): Promise<string> {
  clock.set(TUESDAY);
  const account = await openAccountApi(admin, { accountNumber, customerName: 'Rosa Delgado' });
  await importCsv(admin, [BILL_HEADER, `B-${accountNumber},${accountNumber},2026-11-20,2026-12-20,150.00,0.00,`].join('\n'));
  const clerk = await signInStaff(env.platform, NORWALK.slug, 'SUPPORT');
  const answer = await clerk.data<{ recordCounterPayment: { payment: { confirmationNumber: string } } }>(
    'mutation R($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { confirmationNumber } } }',
    { input: { idempotencyKey: newKey('check'), allocations: [{ serviceAccountId: account.id, amount: '60.00' }], method: 'CHECK', checkNumber: '4401', receivedBy: 'Sally' } },
  );
  clock.set(THURSDAY);
  return answer.recordCounterPayment.payment.confirmationNumber;
}

const paymentRow = (page: Page, confirmation: string) =>
  page
    .getByRole('region', { name: /^(Payments|Pagos)$/ })
    .getByRole('row')
    .filter({ hasText: confirmation });

it('records the check returned from the payment on the account page, by the keyboard, with the fee, refusals said at the field', async () => {
  const confirmation = await checkTakenTuesday('56-7001-00');
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await goToAccounts(page);
  await openAccount(page, '56-7001-00');

  const returned = paymentRow(page, confirmation).getByRole('button', { name: `Returned by bank ${confirmation}` });
  await returned.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Check ${confirmation} returned by its bank` });
  await dialog.waitFor();
  expect(await dialog.getByText(/^Records that the payer's bank sent back the check of \$60\.00 \(Check #4401\)/).count()).toBe(1);
  // The fee is said by its amount before the ADMIN confirms what cannot be undone.
  await dialog.getByText(/owed again on the account from today, with the city's returned-payment fee of \$30\.00 added, and the payer is emailed/).waitFor();
  // Focus starts on the bank's reason; confirmed without one, the dialog says so there, and focus is on it.
  expect(await focused(page)).toMatchObject({ tag: 'SELECT', inDialog: true });
  await dialog.getByRole('button', { name: 'Record as returned' }).click();
  expect(await fieldDescription(page, "The bank's reason")).toContain("Choose the bank's reason.");
  expect(
    await dialog.getByLabel("The bank's reason", { exact: true }).evaluate((select) => select === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement),
  ).toBe(true);
  await expectNoSeriousAccessibilityViolations(page);

  // A card number typed in the note: the API refuses it, at the note.
  await dialog.getByLabel("The bank's reason", { exact: true }).selectOption({ label: 'Insufficient funds' });
  await dialog.getByLabel('Note for staff (optional)', { exact: true }).fill('Card 4111 1111 1111 1111');
  await dialog.getByRole('button', { name: 'Record as returned' }).click();
  await dialog.locator('[aria-invalid="true"]').waitFor();
  expect(await fieldDescription(page, 'Note for staff (optional)')).not.toBe('');
  expect(await rowTexts(page, 'Payments')).toEqual(expect.arrayContaining([expect.stringContaining('Posted')]));

  await dialog.getByLabel('Note for staff (optional)', { exact: true }).fill('Bank letter of December 3');
  await dialog.getByRole('button', { name: 'Record as returned' }).press('Enter');
  await page
    .getByRole('status')
    .filter({ hasText: `Check ${confirmation} recorded as returned by its bank: the payer has been emailed.` })
    .waitFor();
  await dialog.waitFor({ state: 'detached' });
  await paymentRow(page, confirmation).filter({ hasText: 'Returned' }).waitFor();
  expect(await paymentRow(page, confirmation).getByRole('button').count()).toBe(0);
  const ledger = await rowTexts(page, 'Ledger');
  expect(ledger.some((row) => row.includes('Returned check fee') && row.includes('$30.00'))).toBe(true);
  await expectNoSeriousAccessibilityViolations(page);
  env.tab.expectNoConsoleErrors();
}, 120_000);

it('says so where the city charges no returned-payment fee', async () => {
  await changeCitySettings(env.platform, NORWALK.slug, { paymentRules: { returnedPaymentFee: '0.00' } });
  try {
    const confirmation = await checkTakenTuesday('56-7004-00');
    const { page } = env.tab;
    await signInAs(page, env.platform, NORWALK, 'ADMIN');
    await goToAccounts(page);
    await openAccount(page, '56-7004-00');
    await paymentRow(page, confirmation)
      .getByRole('button', { name: `Returned by bank ${confirmation}` })
      .click();
    const dialog = page.getByRole('dialog', { name: `Check ${confirmation} returned by its bank` });
    await dialog.getByText(/owed again on the account from today, with no returned-payment fee \(the city charges none\), and the payer is emailed/).waitFor();
    env.tab.expectNoConsoleErrors();
  } finally {
    await changeCitySettings(env.platform, NORWALK.slug, { paymentRules: { returnedPaymentFee: '30.00' } });
  }
}, 120_000);

it('is not offered to SUPPORT', async () => {
  const confirmation = await checkTakenTuesday('56-7002-00');
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'SUPPORT');
  await goToAccounts(page);
  await openAccount(page, '56-7002-00');
  await paymentRow(page, confirmation).waitFor();
  expect(
    await paymentRow(page, confirmation)
      .getByRole('button', { name: /Returned by bank/ })
      .count(),
  ).toBe(0);
  env.tab.expectNoConsoleErrors();
}, 120_000);

it('speaks Spanish', async () => {
  const confirmation = await checkTakenTuesday('56-7003-00');
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await goToAccounts(page);
  await openAccount(page, '56-7003-00');
  await page.getByRole('button', { name: 'Español' }).click();
  await paymentRow(page, confirmation)
    .getByRole('button', { name: `Devuelto por el banco ${confirmation}` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Cheque ${confirmation} devuelto por su banco` });
  await dialog.getByText(/con el cargo por pago devuelto de la ciudad de \$30\.00, y se avisa al pagador/).waitFor();
  await dialog.getByRole('button', { name: 'Registrar como devuelto' }).click();
  expect(await fieldDescription(page, 'Motivo del banco')).toContain('Elija el motivo del banco.');
  await dialog.getByLabel('Motivo del banco', { exact: true }).selectOption({ label: 'Pago detenido' });
  await dialog.getByRole('button', { name: 'Registrar como devuelto' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `El cheque ${confirmation} quedó registrado como devuelto por su banco` })
    .waitFor();
  await paymentRow(page, confirmation).filter({ hasText: 'Devuelto' }).waitFor();
  await expectNoSeriousAccessibilityViolations(page);
  env.tab.expectNoConsoleErrors();
}, 120_000);
