import { FixedClock } from '@platform/testkit';
import { BANK, bankToken, newKey, pay } from '../payments/payments-api';
import { platformInBrowser } from './browser';
import { goToAccounts, openAccount, rowTexts } from './console-account-pages';
import { signInAs } from './console-staff';
import { CITIES } from './web-pages';

// A Norwalk clerk working in Spanish reads an account's ledger: what the platform wrote on it (a returned e-check and
// its fee) is said in Spanish, as the rest of the page is, not in the English the ledger stores.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformInBrowser({ clock, jobs: true });
const NORWALK = CITIES[0]; // English and Spanish

it("shows the platform's own ledger memos in Spanish once the console is switched to Español", async () => {
  const { platform } = env;
  await platform.operator.data('mutation { updateTenant(slug: "norwalk", input: { paymentRules: { returnedPaymentFee: "25.00" } }) { userErrors { code } } }');
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('console-memo'),
    allocations: [{ accountNumber: '10-1002-00', amount: '10.00' }],
    token: await bankToken(platform, BANK.accounts.returnsInsufficientFunds),
    payerEmail: 'returned@example.com',
  });
  expect(paid.userErrors).toEqual([]);
  clock.set(new Date('2026-11-24T18:00:00Z'));
  await platform.runJob('payments.post');
  clock.set(new Date('2026-11-25T18:00:00Z'));
  await platform.runJob('payments.settle-echecks');

  const { page } = env.tab;
  await signInAs(page, platform, NORWALK, 'SUPPORT');
  await goToAccounts(page);
  await openAccount(page, '10-1002-00');
  // Switched once the ledger has loaded, as a clerk reading it would: a switch while its first answer is still on the
  // way is a race of its own (left in the closing note).
  await page
    .getByRole('region', { name: 'Ledger' })
    .getByText(/returned/i)
    .first()
    .waitFor();
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { level: 1, name: 'Cuentas' }).waitFor();
  // The heading turns at once; the ledger's memos come again from the API in Spanish: wait for them, not the heading.
  await page.getByRole('main').getByText('Cheque electrónico devuelto por el banco (R01)').first().waitFor();
  const rows = await rowTexts(page, 'Libro de movimientos');
  const said = rows.join('\n');
  expect({
    fee: said.includes('Cargo por pago devuelto (R01)'),
    returned: said.includes('Cheque electrónico devuelto por el banco (R01)'),
    english: /Returned payment fee|e-check returned/.test(said),
  }).toEqual({
    fee: true,
    returned: true,
    english: false,
  });
  env.tab.expectNoConsoleErrors();
}, 60_000);
