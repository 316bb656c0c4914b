import { signInStaff } from '../billing/billing-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { platformInBrowser, type Page } from './browser';
import { signInAs } from './console-staff';
import { CITIES } from './web-pages';
import type { GraphQLTestClient } from '@platform/testkit';

// The staff console: a refund asked from one account's page, of a payment that paid two accounts at once.
const env = platformInBrowser();
const city = CITIES[0]; // Norwalk: a guest proves an account by its number alone, and may pay several in one payment.

const LEDGER = `query L($id: UUID!) { serviceAccount(id: $id) { balance { amountDueNow { amount } } ledger(first: 50) { edges { node { kind amount { amount } } } } } }`;
type Ledger = { serviceAccount: { balance: { amountDueNow: { amount: string } }; ledger: { edges: { node: { kind: string; amount: { amount: string } } }[] } } };

async function accountIdOf(staff: GraphQLTestClient, accountNumber: string): Promise<string> {
  const found = await staff.data<{ serviceAccounts: { edges: { node: { id: string; accountNumber: string } }[] } }>(
    'query F($s: String!) { serviceAccounts(search: $s, first: 5) { edges { node { id accountNumber } } } }',
    { s: accountNumber },
  );
  return found.serviceAccounts.edges.find((edge) => edge.node.accountNumber === accountNumber)!.node.id;
}

const refundsOn = async (staff: GraphQLTestClient, id: string) =>
  (await staff.data<Ledger>(LEDGER, { id })).serviceAccount.ledger.edges.map((edge) => edge.node).filter((entry) => entry.kind === 'REFUND');

async function openAccountPage(page: Page, accountNumber: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Accounts' }).click();
  const field = page.getByLabel('Find an account', { exact: true });
  await field.fill(accountNumber);
  await field.press('Enter');
  await page.getByRole('link', { name: accountNumber, exact: true }).click();
  await page.getByRole('heading', { level: 2, name: new RegExp(`^Account ${accountNumber} · `) }).waitFor();
}

describe('a refund asked from an account’s page, of a payment that paid two accounts', () => {
  it('comes off the account whose page it was asked from, not the other account the payment paid', async () => {
    const { page } = env.tab;
    const staff = await signInStaff(env.platform, city.slug, 'ADMIN');
    // One payment: $30.00 to James Carter's past-due account, $20.00 to Maria Lopez's (the one overpaid).
    const { payment, userErrors } = await pay(env.platform.client.asTenant(city.slug), {
      idempotencyKey: newKey('two-accounts'),
      allocations: [
        { accountNumber: '10-1002-00', amount: '30.00' },
        { accountNumber: '10-1001-00', amount: '20.00' },
      ],
      payerEmail: 'payer@example.com',
      token: await cardToken(env.platform),
    });
    expect(userErrors).toEqual([]);
    const carter = await accountIdOf(staff, '10-1002-00');
    const lopez = await accountIdOf(staff, '10-1001-00');
    const carterDueBefore = (await staff.data<Ledger>(LEDGER, { id: carter })).serviceAccount.balance.amountDueNow.amount;

    // The clerk, on Maria Lopez's account, gives back the $20.00 this payment put on it.
    await signInAs(page, env.platform, city, 'SUPPORT');
    await openAccountPage(page, '10-1001-00');
    await page.getByRole('button', { name: `Refund ${payment!.confirmationNumber}` }).click();
    const dialog = page.getByRole('dialog', { name: `Refund payment ${payment!.confirmationNumber}` });
    await dialog.getByLabel('Amount to refund').fill('20.00');
    await dialog.getByLabel('Reason', { exact: true }).fill('Paid this account twice');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Refund of payment ${payment!.confirmationNumber} done.` })
      .waitFor();

    // The refund is on the ledger of the account it was asked from; the other account's payment stands.
    const afterLopez = await refundsOn(staff, lopez);
    const afterCarter = await refundsOn(staff, carter);
    const carterDueAfter = (await staff.data<Ledger>(LEDGER, { id: carter })).serviceAccount.balance.amountDueNow.amount;
    expect({ lopez: afterLopez.map((e) => e.amount.amount), carter: afterCarter.map((e) => e.amount.amount), carterDue: carterDueAfter }).toEqual({
      lopez: [expect.stringMatching(/^-?20\.00$/)],
      carter: [],
      carterDue: carterDueBefore,
    });
  }, 90_000);
});
