import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import type { GraphQLTestClient } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { platformInBrowser, type Page } from './browser';
import { CITIES, cityUrl, loseAnswers } from './web-pages';

/*
 * Norman's office, one computer at the counter shared by the clerks. Sally Support records $25.00 cash; the network
 * drops the answer, so the page holds the form as sent and says: "Press Record payment again: if it was recorded, it
 * will not be recorded twice." Her shift ends: she signs out and Arthur Admin signs in on the same tab. The counter page
 * brings the held payment back, saying it was Sally's, and Arthur presses Record payment: the payment Sally's press
 * recorded is shown, not a second one (the request is the cash handed over, whoever presses Record). Were the server to
 * answer that the attempt's key has a payment for another request, the page says it is recorded, keeps the form held and
 * sends the clerk to the account's payments: it never invites the amount typed again.
 */
const env = platformInBrowser();
const NORMAN = CITIES[1];
const ACCOUNT = '2004-2650';
const staff = (role: 'SUPPORT' | 'ADMIN') => DEMO_STAFF.find((user) => user.tenant === 'norman' && user.role === role)!;

async function signInAt(page: Page, role: 'SUPPORT' | 'ADMIN'): Promise<void> {
  await page.goto(cityUrl(env.platform, NORMAN, '/console'));
  await page.getByLabel('Username', { exact: true }).fill(demoSignIn(staff(role)));
  await page.getByLabel('Password', { exact: true }).fill(DEMO_STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
}

async function toCounter(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Counter payment' }).click();
  await page.getByRole('heading', { level: 1, name: 'Counter payment' }).waitFor();
}

async function counterPayments(client: GraphQLTestClient, accountNumber: string): Promise<string[]> {
  const { serviceAccounts } = await client.data<{ serviceAccounts: { edges: { node: { id: string } }[] } }>('query A($s: String) { serviceAccounts(search: $s, first: 1) { edges { node { id } } } }', {
    s: accountNumber,
  });
  const { payments } = await client.data<{ payments: { edges: { node: { confirmationNumber: string; method: { kind: string } } }[] } }>(
    'query P($id: UUID!) { payments(filter: { serviceAccountId: $id }, first: 50) { edges { node { confirmationNumber method { kind } } } } }',
    { id: serviceAccounts.edges[0]!.node.id },
  );
  return payments.edges.filter((edge) => edge.node.method.kind === 'CASH').map((edge) => edge.node.confirmationNumber);
}

/** Sally takes `amount` in cash and the answer is lost; then she signs out and Arthur signs in and opens the counter page. */
async function heldBySallyThenArthurSignsIn(page: Page, amount: string): Promise<void> {
  await signInAt(page, 'SUPPORT');
  await toCounter(page);
  await page.getByLabel('Account number', { exact: true }).fill(ACCOUNT);
  await page.getByRole('button', { name: 'Find account' }).click();
  await page.getByRole('form', { name: `Payment to account ${ACCOUNT}` }).waitFor();
  await page.getByLabel('Amount', { exact: true }).fill(amount);
  await page.getByLabel('Cash received', { exact: true }).fill(amount);
  await page.getByLabel('Received by', { exact: true }).fill('Sally, window 2');
  await loseAnswers(page, 'RecordCounterPayment');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await page.getByRole('alert').filter({ hasText: 'We could not confirm whether the payment was recorded' }).waitFor();
  await page.unroute('**/graphql');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByLabel('Password', { exact: true }).waitFor();
  await signInAt(page, 'ADMIN');
  await toCounter(page);
}

it('a counter payment held after a lost answer is recorded once when the next clerk at the same computer presses Record payment', async () => {
  const { page } = env.tab;
  const api = await signInStaff(env.platform, 'norman', 'ADMIN');
  const before = (await counterPayments(api, ACCOUNT)).length;

  await heldBySallyThenArthurSignsIn(page, '25.00');
  expect(await counterPayments(api, ACCOUNT)).toHaveLength(before + 1);
  const held = page.getByRole('alert').filter({ hasText: 'We could not confirm whether the payment was recorded' });
  await held.waitFor();
  // Arthur is told whose press it was, and what may be on the account already.
  expect((await held.innerText()).replace(/\s+/g, ' ')).toContain(`recorded when ${staff('SUPPORT').name} pressed Record payment: it may be on the account already.`);
  expect(await page.getByLabel('Amount', { exact: true }).inputValue()).toBe('25.00');

  // As the page says: press Record payment again.
  await page.getByRole('button', { name: 'Record payment' }).click();
  const recorded = page.getByRole('heading', { level: 2, name: 'Payment recorded' });
  const refused = page.getByRole('alert').filter({ hasNotText: 'We could not confirm' });
  await Promise.race([recorded.waitFor(), refused.waitFor()]);
  const said = (await recorded.count()) > 0 ? 'Payment recorded' : (await refused.innerText()).replace(/\s+/g, ' ').trim();

  if (said !== 'Payment recorded') {
    // Told it did not go through, the clerk types the amount again and records the cash in hand.
    await page.getByLabel('Amount', { exact: true }).fill('25');
    await page.getByLabel('Cash received', { exact: true }).fill('25');
    await page.getByLabel('Amount', { exact: true }).fill('25.00');
    await page.getByLabel('Cash received', { exact: true }).fill('25.00');
    await page.getByRole('button', { name: 'Record payment' }).click();
    await recorded.waitFor();
  }
  expect({ said, cashPaymentsOnTheAccount: (await counterPayments(api, ACCOUNT)).length }).toEqual({ said: 'Payment recorded', cashPaymentsOnTheAccount: before + 1 });
}, 120_000);

it('a held attempt the server says is recorded for another request stays held, and sends the clerk to the account’s payments', async () => {
  const { page } = env.tab;
  const api = await signInStaff(env.platform, 'norman', 'ADMIN');
  const before = await counterPayments(api, ACCOUNT);

  await heldBySallyThenArthurSignsIn(page, '12.00');
  const recordedBySally = (await counterPayments(api, ACCOUNT)).filter((number) => !before.includes(number));
  expect(recordedBySally).toHaveLength(1);
  // The held attempt as a page kept it that sent something other than what was recorded under its key.
  type Tab = { sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void } };
  await page.evaluate((key) => {
    const storage = (globalThis as unknown as Tab).sessionStorage;
    storage.setItem(key, JSON.stringify({ ...(JSON.parse(storage.getItem(key)!) as object), amount: '12.50', cashReceived: '12.50' }));
  }, `console.counter.unconfirmed:${NORMAN.slug}`);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Counter payment' }).waitFor();
  expect(await page.getByLabel('Amount', { exact: true }).inputValue()).toBe('12.50');

  await page.getByRole('button', { name: 'Record payment' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'This payment was not recorded again' });
  await alert.waitFor();
  expect((await alert.innerText()).replace(/\s+/g, ' ')).toContain(`Check the payments of account ${ACCOUNT} before recording any of this money again.`);
  // Held: nothing can be typed again and sent as a new payment.
  expect(await page.getByLabel('Amount', { exact: true }).getAttribute('readonly')).not.toBeNull();
  expect(await page.getByRole('button', { name: 'Record payment' }).getAttribute('aria-disabled')).toBe('true');

  await alert.getByRole('link', { name: `Open account ${ACCOUNT} to see its payments` }).click();
  await page.getByRole('heading', { level: 2, name: new RegExp(`^Account ${ACCOUNT} · `) }).waitFor();
  await page.getByRole('region', { name: 'Payments' }).getByText(recordedBySally[0]!).first().waitFor();
  expect(await counterPayments(api, ACCOUNT)).toHaveLength(before.length + 1);
}, 120_000);
