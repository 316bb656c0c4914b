import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import type { GraphQLTestClient } from '@platform/testkit';
import { accountById, signInStaff } from '../billing/billing-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, screenshotAtBothSizes, type Page } from './browser';
import { CITIES, cityUrl, fieldDescription, loseAnswers, perceived, type City } from './web-pages';

// Issue 13 item 7: the counter payment page; a payment is recorded once even when Record is pressed twice.
const env = platformInBrowser();

const NORWALK = CITIES.find((city) => city.slug === 'norwalk')!;
const NORMAN = CITIES.find((city) => city.slug === 'norman')!;
const staff = (city: City) => DEMO_STAFF.find((user) => user.tenant === city.slug && user.role === 'SUPPORT')!;

async function openCounterPage(page: Page, city: City): Promise<void> {
  await page.goto(cityUrl(env.platform, city, '/console'));
  await page.getByLabel(city.slug === 'norman' ? 'Username' : 'Email', { exact: true }).fill(demoSignIn(staff(city)));
  await page.getByLabel('Password', { exact: true }).fill(DEMO_STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Counter payment' }).click();
  await page.getByRole('heading', { level: 1, name: 'Counter payment' }).waitFor();
}

/** Finds the account on the open counter page and fills in a cash payment of `amount` to it, not yet recorded. */
async function fillCashPayment(page: Page, accountNumber: string, amount: string): Promise<void> {
  await page.getByLabel('Account number', { exact: true }).fill(accountNumber);
  await page.getByRole('button', { name: 'Find account' }).click();
  await page.getByRole('form', { name: `Payment to account ${accountNumber}` }).waitFor();
  await page.getByLabel('Amount', { exact: true }).fill(amount);
  await page.getByLabel('Cash received', { exact: true }).fill(amount);
  await page.getByLabel('Received by', { exact: true }).fill('Pat Clerk');
}

/** The account's counter payments, as the API lists them to staff. */
async function counterPayments(client: GraphQLTestClient, serviceAccountId: string): Promise<{ confirmationNumber: string; method: { label: string } }[]> {
  const { payments } = await client.data<{ payments: { edges: { node: { confirmationNumber: string; method: { kind: string; label: string } } }[] } }>(
    'query P($id: UUID!) { payments(filter: { serviceAccountId: $id }, first: 50) { edges { node { confirmationNumber method { kind label } } } } }',
    { id: serviceAccountId },
  );
  return payments.edges.map((edge) => edge.node).filter((payment) => payment.method.kind === 'CASH' || payment.method.kind === 'CHECK');
}

async function accountIdOf(client: GraphQLTestClient, accountNumber: string): Promise<string> {
  const { serviceAccounts } = await client.data<{ serviceAccounts: { edges: { node: { id: string } }[] } }>('query A($s: String) { serviceAccounts(search: $s, first: 1) { edges { node { id } } } }', {
    s: accountNumber,
  });
  return serviceAccounts.edges[0]!.node.id;
}

describe('the counter payment page at the City of Norman', () => {
  it('finds the account, shows what it owes, and records a check once although Record is pressed twice', async () => {
    const { page } = env.tab;
    const api = await signInStaff(env.platform, 'norman', 'SUPPORT');
    const accountId = await accountIdOf(api, '2002-0933');
    await openCounterPage(page, NORMAN);

    await page.getByLabel('Account number', { exact: true }).fill('2002 0933');
    await page.getByRole('button', { name: 'Find account' }).click();
    const form = page.getByRole('form', { name: 'Payment to account 2002-0933' });
    await form.waitFor();
    expect(await form.innerText()).toContain('Daniel Brown');
    expect(await form.innerText()).toMatch(/Amount due\s+\$\d+\.\d\d/);
    await expectNoSeriousAccessibilityViolations(page);

    // A check needs its number: the page says so beside the field, before anything is sent.
    await page.getByLabel('Amount', { exact: true }).fill('25.00');
    await page.getByRole('radio', { name: 'Check' }).check();
    await page.getByLabel('Received by', { exact: true }).fill('Pat Clerk');
    await page.getByRole('button', { name: 'Record payment' }).click();
    await page.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
    expect(await fieldDescription(page, 'Check number')).toBe('Enter the check number.');
    expect(await counterPayments(api, accountId)).toEqual([]);
    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, 'console-counter-errors-norman');

    await page.getByLabel('Check number', { exact: true }).fill('5678');
    await page.getByRole('button', { name: 'Record payment' }).dblclick();
    const done = page.getByRole('heading', { level: 2, name: 'Payment recorded' });
    await done.waitFor();
    const shown = await page.locator('dl').innerText();
    const recorded = await counterPayments(api, accountId);
    expect(recorded).toHaveLength(1);
    expect(shown).toContain(recorded[0]!.confirmationNumber);
    expect(shown).toContain('Check #5678');
    expect(shown).toContain('$25.00');
    expect(await done.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, 'console-counter-recorded-norman');

    // Another payment is another attempt: a new key, a second payment.
    await page.getByRole('button', { name: 'Record another payment' }).click();
    await page.getByLabel('Account number', { exact: true }).fill('2002-0933');
    await page.getByRole('button', { name: 'Find account' }).click();
    await page.getByLabel('Amount', { exact: true }).fill('10.00');
    await page.getByLabel('Cash received', { exact: true }).fill('10.00');
    await page.getByLabel('Received by', { exact: true }).fill('Pat Clerk');
    await page.getByRole('button', { name: 'Record payment' }).click();
    await done.waitFor();
    expect((await counterPayments(api, accountId)).map((p) => p.method.label).sort()).toEqual(['Cash', 'Check #5678']);
    env.tab.expectNoConsoleErrors();
  });

  it('offers Void for cash taken today: the clerk who took it is told another staff member must void it, and the city’s admin voids it', async () => {
    const { page } = env.tab;
    const api = await signInStaff(env.platform, 'norman', 'SUPPORT');
    const accountId = await accountIdOf(api, '2001-0417');
    const postedCents = async () => (await accountById(api, accountId)).balance.posted.cents;
    const before = await postedCents();

    // The demo clerk takes $12.00 in cash at the counter, on the wrong account.
    await openCounterPage(page, NORMAN);
    await page.getByLabel('Account number', { exact: true }).fill('2001-0417');
    await page.getByRole('button', { name: 'Find account' }).click();
    await page.getByRole('form', { name: 'Payment to account 2001-0417' }).waitFor();
    await page.getByLabel('Amount', { exact: true }).fill('12.00');
    await page.getByLabel('Cash received', { exact: true }).fill('12.00');
    await page.getByLabel('Received by', { exact: true }).fill('Sally Support');
    await page.getByRole('button', { name: 'Record payment' }).click();
    await page.getByRole('heading', { level: 2, name: 'Payment recorded' }).waitFor();
    const [recorded] = await counterPayments(api, accountId);
    const confirmation = recorded!.confirmationNumber;
    expect(BigInt(await postedCents())).toBe(BigInt(before) - 1200n);

    // On the account, the payment reads as cash and offers Void; the dialog says what voiding it does. Her own, she may not void.
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Accounts' }).click();
    await page.getByLabel('Find an account', { exact: true }).fill('2001-0417');
    await page.getByLabel('Find an account', { exact: true }).press('Enter');
    await page.getByRole('link', { name: '2001-0417', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Account 2001-0417 · Emily Johnson' }).waitFor();
    const row = page.getByRole('region', { name: 'Payments' }).getByRole('row').filter({ hasText: confirmation });
    expect((await row.innerText()).replace(/\s+/g, ' ')).toMatch(/ Cash Posted \$12\.00 \$12\.00 \$0\.00/);
    await row.getByRole('button', { name: `Void ${confirmation}` }).click();
    const dialog = page.getByRole('dialog', { name: `Void payment ${confirmation}` });
    expect(await dialog.innerText()).toContain('Cancels the payment of $12.00 by Cash recorded in error at the office today: the account owes it again, and the payer is told it was cancelled.');
    await dialog.getByLabel('Reason', { exact: true }).fill('Rang up on the wrong account');
    await dialog.getByRole('button', { name: 'Void payment' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'You took this payment, so another staff member must void it.' }).waitFor();
    await expectNoSeriousAccessibilityViolations(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(BigInt(await postedCents())).toBe(BigInt(before) - 1200n);

    // The city's admin signs in at the same desk (back on the account) and voids it: the row says Voided and offers
    // nothing more, and the account owes the $12.00 again.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Staff sign-in' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill(demoSignIn(DEMO_STAFF.find((demo) => demo.tenant === 'norman' && demo.role === 'ADMIN')!));
    await page.getByLabel('Password', { exact: true }).fill(DEMO_STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 2, name: 'Account 2001-0417 · Emily Johnson' }).waitFor();
    await row.getByRole('button', { name: `Void ${confirmation}` }).click();
    await dialog.getByLabel('Reason', { exact: true }).fill('Rang up on the wrong account');
    await dialog.getByRole('button', { name: 'Void payment' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Payment ${confirmation} voided.` })
      .waitFor();
    expect((await row.innerText()).replace(/\s+/g, ' ').trim()).toMatch(/ Cash Voided \$12\.00 \$12\.00 \$0\.00$/);
    expect(await row.getByRole('button').count()).toBe(0);
    expect(await postedCents()).toBe(before);
    env.tab.expectNoConsoleErrors();
  });

  it('keeps the keyboard on the page: on the payment form’s heading once an account is chosen from the matches or found, and on the account number for another payment', async () => {
    const { page } = env.tab;
    await openCounterPage(page, NORMAN);
    const accountNumber = page.getByLabel('Account number', { exact: true });
    // "200" is in every Norman demo account's number: the page lists them to choose from.
    await accountNumber.fill('200');
    await accountNumber.press('Enter');
    await page.getByRole('button', { name: /^2003-1188: Sarah Davis, / }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'Payment to account 2003-1188' }).waitFor();
    const afterChoosing = await perceived(page);

    await page.getByLabel('Amount', { exact: true }).fill('5.00');
    await page.getByLabel('Cash received', { exact: true }).fill('5.00');
    await page.getByLabel('Received by', { exact: true }).fill('Pat Clerk');
    await page.getByLabel('Received by', { exact: true }).press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Payment recorded' }).waitFor();
    await page.getByRole('button', { name: 'Record another payment' }).focus();
    await page.keyboard.press('Enter');
    await accountNumber.waitFor();
    const afterAnother = await perceived(page);

    // The one account the number names: its form follows the search at once.
    await accountNumber.fill('2003-1188');
    await accountNumber.press('Enter');
    await page.getByRole('form', { name: 'Payment to account 2003-1188' }).waitFor();
    const afterFinding = await perceived(page);

    expect({ afterChoosing: afterChoosing.focus, afterAnother: afterAnother.focus, afterFinding: afterFinding.focus }).toEqual({
      afterChoosing: 'H2: Payment to account 2003-1188',
      afterAnother: 'INPUT: Account number',
      afterFinding: 'H2: Payment to account 2003-1188',
    });
    env.tab.expectNoConsoleErrors();
  });
});

describe('the counter payment page at the City of Norman, when the network fails', () => {
  // A step that never comes fails at that step, well inside the test's own time limit.
  beforeEach(() => env.tab.page.setDefaultTimeout(10_000));

  it('holds the form as sent when a payment’s answer is lost, so that pressing Record payment again records it once', async () => {
    const { page } = env.tab;
    const api = await signInStaff(env.platform, 'norman', 'SUPPORT');
    const accountId = await accountIdOf(api, '2004-2650');
    await openCounterPage(page, NORMAN);
    await fillCashPayment(page, '2004-2650', '30.00');

    // The payment is recorded; its answer never reaches the page.
    await loseAnswers(page, 'RecordCounterPayment');
    await page.getByRole('button', { name: 'Record payment' }).click();
    await page.getByRole('alert').waitFor();
    const said = await page.getByRole('alert').innerText();
    const focusedRole = await page.evaluate('document.activeElement.getAttribute("role")');
    // The clerk types the amount again, to be sure, and presses Record payment again.
    const amount = page.getByLabel('Amount', { exact: true });
    const editable = await amount.isEditable();
    await amount.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('30.00');
    const findDisabled = await page.getByRole('button', { name: 'Find account' }).isDisabled();
    await page.getByRole('button', { name: 'Record payment' }).click();
    await page.getByRole('heading', { level: 2, name: 'Payment recorded' }).waitFor();

    expect(await counterPayments(api, accountId)).toHaveLength(1);
    expect(said).toContain('We could not confirm whether the payment was recorded. Press Record payment again: if it was recorded, it will not be recorded twice.');
    // Until the answer came, nothing the payment was sent with could change, nor could another account be looked up.
    expect(editable).toBe(false);
    expect(findDisabled).toBe(true);
    expect(focusedRole).toBe('alert');
    expect(await page.locator('dl').innerText()).toContain('$30.00');
    env.tab.expectNoConsoleErrors([/net::ERR_CONNECTION_RESET|Failed to load resource/]);
  });

  it('brings a payment whose answer was lost back as it was sent after the clerk leaves the page and reloads it: Record payment records it once', async () => {
    const { page } = env.tab;
    const api = await signInStaff(env.platform, 'norman', 'SUPPORT');
    const accountId = await accountIdOf(api, '2002-0933');
    const before = (await counterPayments(api, accountId)).length;
    await openCounterPage(page, NORMAN);
    await fillCashPayment(page, '2002-0933', '40.00');
    await loseAnswers(page, 'RecordCounterPayment');
    await page.getByRole('button', { name: 'Record payment' }).click();
    await page.getByRole('alert').filter({ hasText: 'We could not confirm whether the payment was recorded' }).waitFor();

    // The clerk looks at the board to check, comes back, and reloads for good measure.
    const nav = page.getByRole('navigation', { name: 'Console pages' });
    await nav.getByRole('link', { name: 'Payments board' }).click();
    await page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
    await nav.getByRole('link', { name: 'Counter payment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Counter payment' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Counter payment' }).waitFor();
    // Before: an empty form, filled in again and recorded under a new key: the same $40.00 of cash twice.
    await page.getByRole('alert').filter({ hasText: 'We could not confirm whether the payment was recorded' }).waitFor();
    expect(await page.getByLabel('Amount', { exact: true }).inputValue()).toBe('40.00');
    expect(await page.getByLabel('Amount', { exact: true }).isEditable()).toBe(false);
    await page.getByRole('button', { name: 'Record payment' }).click();
    await page.getByRole('heading', { level: 2, name: 'Payment recorded' }).waitFor();
    expect(await counterPayments(api, accountId)).toHaveLength(before + 1);

    // Once answered, the attempt is over: the next visit starts an empty form.
    await nav.getByRole('link', { name: 'Payments board' }).click();
    await page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
    await nav.getByRole('link', { name: 'Counter payment' }).click();
    expect(await page.getByLabel('Account number', { exact: true }).inputValue()).toBe('');
    env.tab.expectNoConsoleErrors([/net::ERR_CONNECTION_RESET|Failed to load resource/]);
  }, 90_000);

  it('says so when the account search fails, by the network or by the server, and finds the account on Try again', async () => {
    const { page } = env.tab;
    await openCounterPage(page, NORMAN);
    await loseAnswers(page, 'CounterAccounts');
    await page.getByLabel('Account number', { exact: true }).fill('2002-0933');
    await page.getByRole('button', { name: 'Find account' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The account search did not work. Check your connection and try again.' });
    await alert.waitFor();
    expect(await page.evaluate('document.activeElement.getAttribute("role")')).toBe('alert');
    await expectNoSeriousAccessibilityViolations(page);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('form', { name: 'Payment to account 2002-0933' }).waitFor();
    expect(await alert.count()).toBe(0);

    // A GraphQL error in place of the answer is said the same way.
    let failed = false;
    await page.route('**/graphql', (route) => {
      if (failed || !(route.request().postData() ?? '').includes('"operationName":"CounterAccounts"')) return route.fallback();
      failed = true;
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }) });
    });
    await page.getByRole('button', { name: 'Find account' }).click();
    await alert.waitFor();
    env.tab.expectNoConsoleErrors([/net::ERR_CONNECTION_RESET|Failed to load resource/]);
  });
});

describe('the counter payment page at the City of Norwalk', () => {
  it('says the city takes no payments in person, and offers no form', async () => {
    const { page } = env.tab;
    await openCounterPage(page, NORWALK);
    await page.getByText('This city does not take payments in person').waitFor();
    expect(await page.getByRole('button', { name: 'Record payment' }).count()).toBe(0);
    expect(await page.getByLabel('Account number', { exact: true }).count()).toBe(0);
    await expectNoSeriousAccessibilityViolations(page);
    env.tab.expectNoConsoleErrors();
  });
});
