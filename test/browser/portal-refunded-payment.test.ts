import { newCustomer } from '../autopay/autopay-api';
import { signInStaff } from '../billing/billing-api';
import { REFUND, newKey, pay } from '../payments/payments-api';
import { platformInBrowser } from './browser';
import { openResidentPage, signInResident, switchToSpanish } from './portal-pages';
import { CITIES } from './web-pages';

/*
 * The city refunds $30.00 of a resident's $50.00 payment. The resident's receipt and payment history say how much came
 * back and what they paid after it, not only "Partially refunded" beside the $50.00 charged, in English and Spanish.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

it('says on the receipt and in the history how much of a partly refunded payment came back, and what was paid after it, in English and Spanish', async () => {
  const resident = await newCustomer(env.platform, { email: 'refunded.in.part@example.com', accounts: ['10-1002-00'] });
  const me = await resident.client();
  const paid = await pay(me, { idempotencyKey: newKey('refund-receipt'), allocations: [{ serviceAccountId: resident.accounts['10-1002-00']!, amount: '50.00' }], savedMethodId: resident.cardId });
  expect(paid.userErrors).toEqual([]);
  const staff = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
  const { refundPayment } = await staff.data<{ refundPayment: { payment: { status: string; refunded: { amount: string } } | null; userErrors: unknown[] } }>(REFUND, {
    input: { paymentId: paid.payment!.id, amount: '30.00', reason: 'Billed twice', idempotencyKey: newKey('refund') },
  });
  expect(refundPayment).toMatchObject({ payment: { status: 'PARTIALLY_REFUNDED', refunded: { amount: '30.00' } }, userErrors: [] });

  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, resident.email);
  await openResidentPage(page, 'Payment history');
  const row = page.getByRole('row').filter({ hasText: paid.payment!.confirmationNumber });
  const listed = await row.innerText();
  expect(listed).toContain('$50.00');
  expect(listed).toContain('$30.00 refunded, $20.00 paid');

  await row.getByRole('link', { name: /^Receipt / }).click();
  await page.getByRole('heading', { level: 2, name: 'Receipt' }).waitFor();
  await page.getByText('Partially refunded').first().waitFor();
  const facts = async () => (await page.locator('.receipt dl.facts').innerText()).split('\n');
  const receipt = await facts();
  expect(receipt.slice(receipt.indexOf('Total charged'), receipt.indexOf('Total charged') + 6)).toEqual(['Total charged', '$50.00', 'Refunded', '$30.00', 'Paid after refunds', '$20.00']);

  await switchToSpanish(page);
  await page.getByText('Reembolsado', { exact: true }).waitFor();
  const recibo = await facts();
  expect(recibo.slice(recibo.indexOf('Total cobrado'), recibo.indexOf('Total cobrado') + 6)).toEqual(['Total cobrado', '$50.00', 'Reembolsado', '$30.00', 'Pagado tras los reembolsos', '$20.00']);
  await page.getByRole('button', { name: 'Volver al historial de pagos' }).click();
  await page.getByRole('heading', { level: 1, name: 'Historial de pagos' }).waitFor();
  expect(await page.getByRole('row').filter({ hasText: paid.payment!.confirmationNumber }).innerText()).toContain('$30.00 reembolsados, $20.00 pagados');
});
