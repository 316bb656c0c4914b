import { cardToken, newKey, pay } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, type Page } from './browser';
import { goToAccounts, openAccount, rowTexts } from './console-account-pages';
import { signInAs } from './console-staff';
import { CITIES } from './web-pages';

/*
 * The staff console refunds a whole web payment, convenience fee included,
 * from an account's page. A payment that paid only that account is refunded
 * as a whole (no serviceAccountId: its account first, the fee last); one
 * that paid several lets staff choose, with a radio group, between this
 * account's share (the default, never the fee) and the whole payment, each
 * saying how much it has left. Refund stays offered while the payment has
 * anything left, even once this account's share is all given back. (A
 * refund always asked of the account left the fee with the payer's card for
 * good: "At most $20.00 of what this payment put on this account is left to
 * refund", and the payment never read Refunded.)
 */
const env = platformInBrowser();
const city = CITIES[0]; // Norwalk: a guest may pay several accounts at once.

beforeAll(() => changeCitySettings(env.platform, city.slug, { paymentRules: { convenienceFee: { kind: 'FLAT', amount: '1.50' } } }));

async function guestPays(allocations: { accountNumber: string; amount: string }[]) {
  const { payment, userErrors } = await pay(env.platform.client.asTenant(city.slug), {
    idempotencyKey: newKey('whole'),
    allocations,
    payerEmail: 'whole@example.com',
    token: await cardToken(env.platform),
  });
  expect(userErrors).toEqual([]);
  return payment!;
}

async function refund(page: Page, confirmation: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: `Refund ${confirmation}` }).click();
  const dialog = page.getByRole('dialog', { name: `Refund payment ${confirmation}` });
  await fill(dialog);
  await dialog.getByLabel('Reason', { exact: true }).fill('Paid the wrong city');
  await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
  const done = page.getByRole('status').filter({ hasText: `Refund of payment ${confirmation} done.` });
  const refusal = dialog.getByText(/left to refund/);
  await Promise.race([done.waitFor(), refusal.waitFor()]);
  expect({ refused: (await refusal.count()) ? await refusal.first().innerText() : null }).toEqual({ refused: null });
}

const rowOf = async (page: Page, confirmation: string) => (await rowTexts(page, 'Payments')).find((row) => row.includes(confirmation));

it('lets staff refund a one-account web payment in full, convenience fee included, from the account page', async () => {
  const { page } = env.tab;
  const payment = await guestPays([{ accountNumber: '10-1001-00', amount: '20.00' }]);
  expect(payment.total.amount).toBe('21.50');

  await signInAs(page, env.platform, city, 'SUPPORT');
  await goToAccounts(page);
  await openAccount(page, '10-1001-00');
  await refund(page, payment.confirmationNumber, async (dialog) => {
    // Said as shown (the card's last four one by one aside).
    await expect(dialog.ariaSnapshot()).resolves.toMatch(/by Visa ending \d \d \d \d\. Up to \$21\.50 can be refunded/);
    // Nothing to choose: it paid this account only.
    await expect(dialog.getByRole('radio').count()).resolves.toBe(0);
    await expect(dialog.getByLabel('Amount to refund').inputValue()).resolves.toBe('21.50');
  });
  expect(await rowOf(page, payment.confirmationNumber)).toMatch(/Refunded \$21\.50 \$20\.00 \$20\.00/);
}, 90_000);

it('lets staff choose this account’s share or the whole payment of a payment that paid several, and refund the rest once the share is back', async () => {
  const { page } = env.tab;
  // $30.00 to James Carter's account, $20.00 to Maria Lopez's, and the $1.50 fee.
  const payment = await guestPays([
    { accountNumber: '10-1002-00', amount: '30.00' },
    { accountNumber: '10-1001-00', amount: '20.00' },
  ]);

  await signInAs(page, env.platform, city, 'SUPPORT');
  await goToAccounts(page);
  await openAccount(page, '10-1001-00');
  await refund(page, payment.confirmationNumber, async (dialog) => {
    const choice = dialog.getByRole('group', { name: 'What to refund' });
    const share = choice.getByRole('radio', { name: 'What it paid on this account: up to $20.00' });
    await expect(share.isChecked()).resolves.toBe(true);
    await expect(choice.getByRole('radio', { name: 'The whole payment: up to $51.50' }).isChecked()).resolves.toBe(false);
    await expect(dialog.getByLabel('Amount to refund').inputValue()).resolves.toBe('20.00');
    await expectNoSeriousAccessibilityViolations(page);
  });
  expect(await rowOf(page, payment.confirmationNumber)).toMatch(/Partially refunded \$51\.50 \$20\.00 \$20\.00/);

  // This account's share is all back; James Carter's and the fee are not: Refund is still offered, for the whole payment.
  await refund(page, payment.confirmationNumber, async (dialog) => {
    await expect(dialog.getByRole('radio', { name: 'What it paid on this account: up to $0.00' }).isDisabled()).resolves.toBe(true);
    const whole = dialog.getByRole('radio', { name: 'The whole payment: up to $31.50' });
    await expect(whole.isChecked()).resolves.toBe(true);
    // Focus starts on the choice made, and the keyboard reaches the rest.
    await expect(whole.evaluate((radio) => radio === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).resolves.toBe(true);
    await expect(dialog.getByLabel('Amount to refund').inputValue()).resolves.toBe('31.50');
  });
  expect(await rowOf(page, payment.confirmationNumber)).toMatch(/Refunded \$51\.50 \$20\.00 \$20\.00/);
}, 120_000);
