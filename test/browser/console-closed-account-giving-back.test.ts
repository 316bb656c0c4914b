import { BILL_HEADER, CLOSE_ACCOUNT, importCsv, type ClosedAccount, openAccount as openAccountByApi, signInStaff } from '../billing/billing-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { platformInBrowser } from './browser';
import { goToAccounts, openAccount, rowTexts } from './console-account-pages';
import { signInAs } from './console-staff';
import { CITIES } from './web-pages';

/*
 * A clerk's refund or void of a closed account's payment is refused (ACCOUNT_CLOSED): only the city's ADMIN gives money
 * back from a closed account. The account page offered the clerk Refund and Void all the same, to be refused after the
 * dialog was filled in. It now says who does it, from Payment.givingBackBlockedBy, the rule the refusal applies.
 */
const env = platformInBrowser();
const city = CITIES[0]; // Norwalk

it('a clerk on a closed account’s page is told an administrator refunds or voids its payments, and offered neither', async () => {
  const { page } = env.tab;
  const admin = await signInStaff(env.platform, city.slug, 'ADMIN');
  const account = await openAccountByApi(admin, { accountNumber: '93-0001-00' });
  expect((await importCsv(admin, [BILL_HEADER, `GB-1,93-0001-00,2026-11-20,2026-12-20,100.00,,`].join('\n'))).imported).toBe(1);
  const paid = await pay(env.platform.client.asTenant(city.slug), {
    idempotencyKey: newKey('final-bill'),
    allocations: [{ accountNumber: '93-0001-00', amount: '100.00' }],
    token: await cardToken(env.platform),
    payerEmail: 'final@example.com',
  });
  expect(paid.userErrors).toEqual([]);
  const closed = await admin.data<ClosedAccount>(CLOSE_ACCOUNT, { id: account.id });
  expect(closed.closeServiceAccount.userErrors).toEqual([]);

  await signInAs(page, env.platform, city, 'SUPPORT');
  await goToAccounts(page);
  await openAccount(page, '93-0001-00');
  const payments = page.getByRole('region', { name: 'Payments' });
  await payments.getByText(paid.payment!.confirmationNumber).waitFor();
  expect((await rowTexts(page, 'Payments')).find((row) => row.includes(paid.payment!.confirmationNumber))).toContain('Account closed: an administrator refunds or voids its payments');
  expect(await payments.getByRole('button', { name: new RegExp(`^(Refund|Void) ${paid.payment!.confirmationNumber}$`) }).count()).toBe(0);
}, 90_000);
