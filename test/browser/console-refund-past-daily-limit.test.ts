import { cardToken, newKey, pay } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { platformInBrowser } from './browser';
import { goToAccounts, openAccount } from './console-account-pages';
import { signInAs } from './console-staff';
import { CITIES } from './web-pages';

/*
 * A SUPPORT clerk asks the console's refund dialog for more than their day's refund limit has left (the city's rule,
 * $15.00 here). The dialog keeps their amount and says, at the amount, how much they have left today and that an
 * administrator must make the refund; nothing is refunded.
 */
const env = platformInBrowser();
const city = CITIES[0]; // Norwalk

beforeAll(() => changeCitySettings(env.platform, city.slug, { paymentRules: { supportDailyRefundLimit: '15.00' } }));

it('tells a clerk past their daily refund limit, at the amount, what they have left today and that an administrator must do it', async () => {
  const { page } = env.tab;
  const { payment } = await pay(env.platform.client.asTenant(city.slug), {
    idempotencyKey: newKey('limit'),
    allocations: [{ accountNumber: '10-1001-00', amount: '20.00' }],
    payerEmail: 'limit@example.com',
    token: await cardToken(env.platform),
  });
  await signInAs(page, env.platform, city, 'SUPPORT');
  await goToAccounts(page);
  await openAccount(page, '10-1001-00');
  await page.getByRole('button', { name: `Refund ${payment!.confirmationNumber}` }).click();
  const dialog = page.getByRole('dialog', { name: `Refund payment ${payment!.confirmationNumber}` });
  await dialog.getByLabel('Reason', { exact: true }).fill('Billed twice');
  await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
  const said = 'Support staff may refund up to $15.00 a day, and you have $15.00 left today: an administrator must make this refund.';
  await dialog.getByText(said).waitFor();
  const amount = dialog.getByLabel('Amount to refund');
  await expect(amount.inputValue()).resolves.toBe('20.00');
  await expect(amount.getAttribute('aria-invalid')).resolves.toBe('true');
  // Said to a screen reader at the field too: its description.
  const ids = ((await amount.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const described = (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(' ');
  expect(described).toContain(said);
}, 90_000);
