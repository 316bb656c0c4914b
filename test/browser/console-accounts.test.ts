import { DEMO_STAFF, DEMO_STAFF_PASSWORD, demoSignIn } from '@platform/customers';
import { signInStaff } from '../billing/billing-api';
import { amountDue, cardToken, newKey, pay, processorCharges } from '../payments/payments-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, screenshotAtBothSizes, type Page } from './browser';
import { waitUntil } from './console-staff';
import { CITIES, cityUrl, fieldDescription, loseAnswers, type City } from './web-pages';

// Issue 13 item 5: staff find an account, see why it owes what it owes, and act on it.
const env = platformInBrowser();
// Each test signs in, runs axe-core more than once, and some take screenshots at two sizes, on a shared 2-core machine.

/** Per city: a demo account found by the middle of its number and by its holder's name surname first, one to pay and refund, and one past due. */
const ACCOUNTS = {
  norwalk: { searched: '10-1002-00', middle: '1002', surnameFirst: 'Carter James', holder: 'James Carter', paid: { number: '10-1001-00', proof: {} }, pastDue: '10-1002-00' },
  norman: { searched: '2002-0933', middle: '2-09', surnameFirst: 'Brown Daniel', holder: 'Daniel Brown', paid: { number: '2001-0417', proof: { lastPaymentAmount: '100.65' } }, pastDue: '2002-0933' },
} as const;

async function signIn(page: Page, city: City, role: 'SUPPORT' | 'ADMIN'): Promise<void> {
  const user = DEMO_STAFF.find((staff) => staff.tenant === city.slug && staff.role === role)!;
  await page.goto(cityUrl(env.platform, city, '/console'));
  await page.getByLabel(city.slug === 'norman' ? 'Username' : 'Email', { exact: true }).fill(demoSignIn(user));
  await page.getByLabel('Password', { exact: true }).fill(DEMO_STAFF_PASSWORD);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Accounts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
}

/** Types a search and presses Enter, as a person at the keyboard would; waits for the count to be announced. */
async function search(page: Page, text: string): Promise<string> {
  const field = page.getByLabel('Find an account', { exact: true });
  await field.fill(text);
  await Promise.all([page.waitForResponse((response) => response.request().postData()?.includes('ConsoleAccountSearch') ?? false), field.press('Enter')]);
  const status = page.getByRole('status').filter({ hasText: /found|match/ });
  await status.waitFor();
  return status.innerText();
}

const resultNumbers = (page: Page) => page.getByRole('table').getByRole('rowheader').allInnerTexts();

async function openAccount(page: Page, accountNumber: string, holder: string): Promise<void> {
  await search(page, accountNumber);
  await page.getByRole('link', { name: accountNumber, exact: true }).click();
  await page.getByRole('heading', { level: 2, name: `Account ${accountNumber} · ${holder}` }).waitFor();
}

/** A table row as its cells read, for matching a ledger or payments line. */
const rowTexts = (page: Page, table: string) =>
  page
    .getByRole('region', { name: table })
    .getByRole('row')
    .evaluateAll((rows) => rows.map((row) => (row as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()));

const activeElementText = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent ?? '');

describe.each(CITIES)('accounts at $name', (city) => {
  const demo = ACCOUNTS[city.slug];

  it('finds an account by the middle of its number and by its holder’s name typed surname first, with the keyboard', async () => {
    const { page } = env.tab;
    await signIn(page, city, 'SUPPORT');
    await expectNoSeriousAccessibilityViolations(page);

    // Nothing typed: the field says what to type, beside itself.
    await page.getByLabel('Find an account', { exact: true }).press('Enter');
    expect(await fieldDescription(page, 'Find an account')).toContain('Enter an account number, a name or a street.');

    expect(await search(page, demo.middle)).toBe('1 account found');
    expect(await resultNumbers(page)).toEqual([demo.searched]);
    expect(await search(page, demo.surnameFirst)).toBe('1 account found');
    expect(await resultNumbers(page)).toEqual([demo.searched]);
    expect(await page.getByRole('row').filter({ hasText: demo.searched }).innerText()).toContain(demo.holder);
    await expectNoSeriousAccessibilityViolations(page);

    // The other city's holder is not found here.
    const other = ACCOUNTS[city.slug === 'norwalk' ? 'norman' : 'norwalk'];
    expect(await search(page, other.surnameFirst)).toBe(`No accounts match “${other.surnameFirst}”.`);
    expect(await page.getByRole('table').count()).toBe(0);

    // To the account with the keyboard: the result's link, then Enter.
    await search(page, demo.surnameFirst);
    await page.getByRole('link', { name: demo.searched, exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: `Account ${demo.searched} · ${demo.holder}` }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/console\/accounts\/[0-9a-f-]{36}$/);
    for (const section of ['Balance', 'Autopay', 'Payments', 'Ledger', 'Bills and other charges', 'Status history', 'Linked users']) {
      await page.getByRole('region', { name: section }).waitFor();
    }
    expect(await page.getByRole('region', { name: 'Balance' }).innerText()).toMatch(/Past due\s+\$[\d,]+\.\d\d/);
    // SUPPORT staff get no adjustment button (and the API refuses them one anyway).
    expect(await page.getByRole('button', { name: 'Record adjustment' }).count()).toBe(0);
    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, `console-account-${city.slug}`);
    // On a phone the bills table is wider than the screen: it scrolls in its own box, which the arrow keys scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    const bills = page.getByRole('group', { name: 'Bills and other charges' });
    const scrolledBy = () => bills.evaluate((box) => (box as unknown as { scrollLeft: number }).scrollLeft);
    await bills.focus();
    expect(await scrolledBy()).toBe(0);
    for (let presses = 0; presses < 20 && (await scrolledBy()) === 0; presses++) await page.keyboard.press('ArrowRight');
    expect(await scrolledBy()).toBeGreaterThan(0);
    await page.setViewportSize({ width: 1280, height: 800 });

    // A reload opens the same account; Back returns to the search with its results.
    await page.reload();
    await page.getByRole('heading', { level: 2, name: `Account ${demo.searched} · ${demo.holder}` }).waitFor();
    await page.getByRole('link', { name: 'Back to account search' }).click();
    await page.getByRole('link', { name: demo.searched, exact: true }).waitFor();
    env.tab.expectNoConsoleErrors();
  }, 90_000);

  it('refunds part of a payment from the account page once, even when Refund is pressed twice, and shows it on the ledger', async () => {
    const { page } = env.tab;
    const { payment, userErrors } = await pay(env.platform.client.asTenant(city.slug), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: demo.paid.number, amount: '50.00', ...demo.paid.proof }],
      payerEmail: 'payer@example.com',
      token: await cardToken(env.platform),
    });
    expect(userErrors).toEqual([]);
    const confirmation = payment!.confirmationNumber;
    await signIn(page, city, 'SUPPORT');
    const holder = (await search(page, demo.paid.number), await page.getByRole('row').filter({ hasText: demo.paid.number }).getByRole('cell').first().innerText());
    await openAccount(page, demo.paid.number, holder);

    // Escape closes the dialog and puts focus back on the button that opened it.
    const refundButton = page.getByRole('button', { name: `Refund ${confirmation}` });
    await refundButton.click();
    const dialog = page.getByRole('dialog', { name: `Refund payment ${confirmation}` });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Amount to refund').evaluate((input) => input === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    // The card is said with its last four one by one: in the payment's row and in the dialog's description of it.
    expect(await dialog.ariaSnapshot()).toMatch(/A payment of \$50\.00 by Visa ending \d \d \d \d\. Up to/);
    await page
      .getByRole('region', { name: 'Payments' })
      .getByRole('row')
      .filter({ hasText: confirmation })
      .getByRole('cell', { name: /^Visa ending \d \d \d \d$/ })
      .waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await activeElementText(page)).toBe(`Refund ${confirmation}`);

    // A reason is required: the error sits next to the field, and nothing is sent.
    await refundButton.click();
    await dialog.getByLabel('Amount to refund').fill('20.00');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    expect(await fieldDescription(page, 'Reason')).toBe('Enter a reason.');
    expect(await page.getByLabel('Reason', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectNoSeriousAccessibilityViolations(page);

    await dialog.getByLabel('Reason', { exact: true }).fill('Charged twice for the same bill');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).dblclick();
    await page
      .getByRole('status')
      .filter({ hasText: `Refund of payment ${confirmation} done.` })
      .waitFor();
    expect(await dialog.count()).toBe(0);
    // What was done takes focus, whether or not the button that opened the dialog is still there (a refund in full, a
    // void, a status change take theirs away, and focus fell to the top of the document).
    expect(await activeElementText(page)).toBe(`Refund of payment ${confirmation} done.`);

    // The ledger shows the refund of $20.00; the payment shows $20.00 refunded, and only one refund was made.
    expect(await rowTexts(page, 'Ledger')).toContainEqual(expect.stringMatching(/Refund\s.*\$20\.00$/));
    expect(await rowTexts(page, 'Payments')).toContainEqual(expect.stringMatching(new RegExp(`^${confirmation} .*\\$50\\.\\d\\d \\$20\\.00 Refund`)));
    const admin = await signInStaff(env.platform, city.slug, 'ADMIN');
    const { payment: after } = await admin.data<{ payment: { refunded: { amount: string }; operations: { kind: string; amount: { amount: string }; reason: string }[] } }>(
      'query P($id: UUID!) { payment(id: $id) { refunded { amount } operations { kind amount { amount } reason } } }',
      { id: payment!.id },
    );
    expect(after).toEqual({ refunded: { amount: '20.00' }, operations: [{ kind: 'REFUND', amount: { amount: '20.00' }, reason: 'Charged twice for the same bill' }] });
    env.tab.expectNoConsoleErrors();
  }, 90_000);

  it('lets ADMIN record an adjustment, shown on the ledger with its reason', async () => {
    const { page } = env.tab;
    await signIn(page, city, 'ADMIN');
    await openAccount(page, demo.searched, demo.holder);
    await page.getByRole('button', { name: 'Record adjustment' }).click();
    const dialog = page.getByRole('dialog', { name: `Adjust account ${demo.searched}` });
    await dialog.getByLabel('Kind').selectOption({ label: 'Fee' });
    await dialog.getByLabel('Amount', { exact: true }).fill('12.5');
    await dialog.getByLabel('Reason', { exact: true }).fill('Returned check fee');
    await expectNoSeriousAccessibilityViolations(page);
    await dialog.getByRole('button', { name: 'Record adjustment' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Adjustment to account ${demo.searched} recorded.` })
      .waitFor();
    expect(await rowTexts(page, 'Ledger')).toContainEqual(expect.stringMatching(/Fee Returned check fee \$12\.50$/));
    env.tab.expectNoConsoleErrors();
  }, 90_000);

  it('marks a past-due account disconnected with a reason, kept in its status history', async () => {
    const { page } = env.tab;
    const admin = await signInStaff(env.platform, city.slug, 'ADMIN');
    await admin.data('mutation { runDisconnectionSweep { markedEligible } }');
    await signIn(page, city, 'SUPPORT');
    await openAccount(page, demo.pastDue, demo.holder);
    await page.getByText('Status: Eligible for disconnection', { exact: true }).waitFor();

    const button = page.getByRole('button', { name: 'Mark disconnected' });
    await button.click();
    const dialog = page.getByRole('dialog', { name: `Mark account ${demo.pastDue} disconnected` });
    await dialog.getByRole('button', { name: 'Mark disconnected' }).click();
    expect(await fieldDescription(page, 'Reason')).toBe('Enter a reason.');
    await dialog.getByLabel('Reason', { exact: true }).fill('Crew 7 locked the meter');
    await dialog.getByRole('button', { name: 'Mark disconnected' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Account ${demo.pastDue} marked disconnected.` })
      .waitFor();

    await page.getByText('Status: Disconnected', { exact: true }).waitFor();
    expect(await button.count()).toBe(0);
    const history = await page.getByRole('region', { name: 'Status history' }).innerText();
    expect(history).toContain('Disconnected · Disconnected for non-payment');
    expect(history).toContain('Crew 7 locked the meter');
    expect(history).toContain('You');
    env.tab.expectNoConsoleErrors();
  }, 90_000);
});

describe('payments that change an account at City of Norwalk', () => {
  const city = CITIES[0];

  it('voids a card payment before it settles, and waits for a disconnected account’s full payment to post before offering restoration', async () => {
    const { page } = env.tab;
    const guest = env.platform.client.asTenant(city.slug);
    const { payment } = await pay(guest, {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '10-1004-00', amount: '30.00' }],
      payerEmail: 'payer@example.com',
      token: await cardToken(env.platform),
    });
    await signIn(page, city, 'SUPPORT');
    await openAccount(page, '10-1004-00', 'Robert Kim');
    await page.getByRole('button', { name: `Void ${payment!.confirmationNumber}` }).click();
    const dialog = page.getByRole('dialog', { name: `Void payment ${payment!.confirmationNumber}` });
    await dialog.getByLabel('Reason', { exact: true }).fill('Paid the wrong account');
    await expectNoSeriousAccessibilityViolations(page);
    await dialog.getByRole('button', { name: 'Void payment' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Payment ${payment!.confirmationNumber} voided.` })
      .waitFor();
    // Total, what it put on this account, refunded of that.
    expect(await rowTexts(page, 'Payments')).toContainEqual(expect.stringMatching(new RegExp(`^${payment!.confirmationNumber} .* Voided \\$30\\.\\d\\d \\$30\\.00 \\$0\\.00$`)));

    // Ana Gutierrez is disconnected; paying everything asks for restoration, which waits until the payment posts.
    const { due } = await amountDue(guest, { accountNumber: '10-1003-00' });
    expect(
      (await pay(guest, { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1003-00', amount: due }], payerEmail: 'payer@example.com', token: await cardToken(env.platform) })).userErrors,
    ).toEqual([]);
    await page.getByRole('link', { name: 'Back to account search' }).click();
    await openAccount(page, '10-1003-00', 'Ana Gutierrez');
    await page.getByText('Status: Restoration pending', { exact: true }).waitFor();
    await page.getByText('Restoration can be approved once the payment posts.').waitFor();
    expect(await page.getByRole('button', { name: 'Approve restoration' }).count()).toBe(0);
    env.tab.expectNoConsoleErrors();
  }, 90_000);
});

describe('a refund whose answer was lost at City of Norman', () => {
  const city = CITIES[1];

  it('says it could not confirm the refund, asks for the payment again, and a refund of the same amount asked again after Cancel is made once', async () => {
    const { page } = env.tab;
    const { payment } = await pay(env.platform.client.asTenant(city.slug), {
      idempotencyKey: newKey(),
      allocations: [{ accountNumber: '2004-2650', amount: '50.00', lastPaymentAmount: '120.00' }],
      payerEmail: 'payer@example.com',
      token: await cardToken(env.platform),
    });
    const confirmation = payment!.confirmationNumber;
    await signIn(page, city, 'SUPPORT');
    await search(page, '2004-2650');
    const holder = await page.getByRole('row').filter({ hasText: '2004-2650' }).getByRole('cell').first().innerText();
    await openAccount(page, '2004-2650', holder);

    // The refund reaches the server and is made; its answer never reaches the page.
    await loseAnswers(page, 'ConsoleRefund');
    const refundButton = page.getByRole('button', { name: `Refund ${confirmation}` });
    const dialog = page.getByRole('dialog', { name: `Refund payment ${confirmation}` });
    await refundButton.click();
    await dialog.getByLabel('Amount to refund').fill('20.00');
    await dialog.getByLabel('Reason', { exact: true }).fill('Charged twice');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await dialog.getByRole('alert').waitFor();
    // Cancel comes back once the payment has been asked again; what the dialog and the payments table then say is kept to check below.
    const cancel = dialog.getByRole('button', { name: 'Cancel' });
    await waitUntil('Cancel can be pressed', () => cancel.isEnabled());
    const said = await dialog.getByRole('alert').innerText();
    const focusedRole = await page.evaluate('document.activeElement.getAttribute("role")');
    const row = (await rowTexts(page, 'Payments')).find((text) => text.startsWith(confirmation));

    // The staff member cancels, opens the dialog again and asks for the same refund.
    await cancel.click();
    await dialog.waitFor({ state: 'detached' });
    await refundButton.click();
    await dialog.getByLabel('Amount to refund').fill('20.00');
    await dialog.getByLabel('Reason', { exact: true }).fill('Charged twice');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Refund of payment ${confirmation} done.` })
      .waitFor();

    // One refund at the API, and one at the processor.
    const admin = await signInStaff(env.platform, city.slug, 'ADMIN');
    const { payment: after } = await admin.data<{ payment: { refunded: { amount: string }; operations: { kind: string; amount: { amount: string } }[] } }>(
      'query P($id: UUID!) { payment(id: $id) { refunded { amount } operations { kind amount { amount } } } }',
      { id: payment!.id },
    );
    expect(after).toEqual({ refunded: { amount: '20.00' }, operations: [{ kind: 'REFUND', amount: { amount: '20.00' } }] });
    expect((await processorCharges(env.platform)).find((charge) => charge.idempotencyKey === `payment-${payment!.id}`)?.refunded).toBe('2000');

    // What the staff member was told: not "could not be loaded", but that the refund is unconfirmed, with the payment as it now is.
    expect(said).toContain('We could not confirm whether the refund went through. The payment now shows $20.00 refunded.');
    expect(focusedRole).toBe('alert');
    expect(row).toMatch(/\$50\.\d\d \$20\.00/);
    env.tab.expectNoConsoleErrors([/net::ERR_CONNECTION_RESET|Failed to load resource/]);
  }, 90_000);
});
