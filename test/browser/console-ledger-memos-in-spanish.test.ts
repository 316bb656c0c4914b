import { FixedClock } from '@platform/testkit';
import { BANK, bankToken, newKey, pay } from '../payments/payments-api';
import { platformInBrowser } from './browser';
import { goToAccounts, openAccount, rowTexts } from './console-account-pages';
import { signInAs } from './console-staff';
import { CITIES, holdAnswer } from './web-pages';

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
  // Switched while the ledger's answer is still on its way (held back): it must come again in Spanish, not be the
  // English answer already on its way.
  const held = await holdAnswer(page, 'ConsoleAccountLedger');
  await openAccount(page, '10-1002-00');
  await held.asked;
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { level: 1, name: 'Cuentas' }).waitFor();
  held.release();
  await held.ended;
  // The first memo the clerk sees is the one they read: it must be the Spanish one.
  await page
    .getByRole('main')
    .getByText(/Cheque electrónico devuelto por el banco \(R01\)|e-check returned/i)
    .first()
    .waitFor();
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
