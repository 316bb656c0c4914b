import { SANDBOX_TEST_CARDS, listSandboxCharges } from '@platform/processor-sandbox';
import { FixedClock, TEST_PROCESSOR_SECRET_KEY, cardNumbersIn } from '@platform/testkit';
import { CREATE_STAFF, GOOD_PASSWORD, latestToken, registerCustomer, serviceHouseNumber, tenantRows } from '../customers/customer-api';
import { linkedResident } from '../customers/linked-resident';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, screenshotAtBothSizes, type Locator, type Page } from './browser';
import { CITIES, cityUrl, fieldDescription, loseAnswers, mutationInputs, type City, fillCard } from './web-pages';

/*
 * Issue 14 items 5 and 6 in real Chromium: a registered resident registers,
 * links two accounts with the city's proof, pays both in one payment through
 * the processor's hosted form, finds it in the history with its receipt,
 * saves a card, enrols in Auto Pay after this month's deduction day and pays
 * the month from the notice; forgot -> reset -> sign in (in Spanish); a staff
 * invitation accepted into the console.
 *
 * The platform's clock is the 20th of this month: past both cities' deduction
 * day (the 15th), and close enough to the browser's clock that the sessions it
 * hands out are still current to the page.
 */
const today = new Date();
const clock = new FixedClock(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 20, 18)));
const env = platformInBrowser({ clock, demoDataAt: 'today' });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK, NORMAN] = CITIES;

const form = (page: Page) => page.frameLocator('iframe.hosted-fields');

/** Types a card into the processor's frame and waits for the frame to settle at its form's height. */
async function typeCard(page: Page, number: string): Promise<void> {
  const fields = form(page);
  await fillCard(fields, { number, name: 'Pat Resident' });
  const frameHeight = () => page.locator('iframe.hosted-fields').evaluate((frame) => Math.round((frame as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height));
  const formHeight = () => fields.locator('body').evaluate((body) => Math.ceil((body as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height));
  for (let attempt = 0; attempt < 50 && (await frameHeight()) !== (await formHeight()); attempt++) await page.waitForTimeout(50);
}

/** Clicks a button below the processor's frame once Chromium has hit-tested the moved frame anew (see portal-pay.test.ts). */
async function press(page: Page, name: string | RegExp, how: 'click' | 'dblclick' = 'click'): Promise<void> {
  const button = page.getByRole('button', { name });
  await button.scrollIntoViewIfNeeded();
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await button[how]();
}

async function go(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** The server's INVALID_CREDENTIALS sentence in Spanish (packages/core's catalogue). */
const SPANISH_INVALID_CREDENTIALS = 'Los datos de inicio de sesión no son correctos.';

const charges = () => listSandboxCharges(env.platform.processorUrl, TEST_PROCESSOR_SECRET_KEY);

interface CityCase {
  readonly city: City;
  readonly register: Readonly<Record<string, string>>;
  readonly proofLabel: string;
  /** The keyboard a phone offers for the proof (its inputmode): a house number may be "12B" or "4521 1/2", which a numeric keypad cannot type. */
  readonly proofKeyboard: 'text' | 'decimal';
  /** Whether the city takes bank autopay only on paper (tenant.autopayRules.methodsAllowedOnline). */
  readonly bankAutopayByPaper: boolean;
  readonly accounts: readonly { readonly number: string; readonly masked: string; readonly proof: () => Promise<string> }[];
}

const CASES: readonly CityCase[] = [
  {
    city: NORWALK,
    register: { Email: 'lucia@norwalk.example', 'Full name (optional)': 'Lucia Ramos' },
    proofLabel: 'House number of the service address',
    proofKeyboard: 'text',
    bankAutopayByPaper: true,
    accounts: [
      { number: '10-1001-00', masked: '**-**01-00', proof: () => serviceHouseNumber(env.platform, 'norwalk', '10-1001-00') },
      { number: '10-1002-00', masked: '**-**02-00', proof: () => serviceHouseNumber(env.platform, 'norwalk', '10-1002-00') },
    ],
  },
  {
    city: NORMAN,
    register: { Username: 'emily_j', Email: 'emily@norman.example', 'Full name': 'Emily Johnson', 'Mobile phone': '405-217-7739' },
    proofLabel: 'Last payment amount',
    proofKeyboard: 'decimal',
    bankAutopayByPaper: false,
    accounts: [
      { number: '2001-0417', masked: '****-0417', proof: async () => '100.65' },
      { number: '2002-0933', masked: '****-0933', proof: async () => '40.00' },
    ],
  },
];

describe.each(CASES)('a registered resident at $city.name', ({ city, register, proofLabel, proofKeyboard, bankAutopayByPaper, accounts }) => {
  it('registers, links two accounts, pays both at once, sees the payment in the history with its receipt, saves a card, enrols in Auto Pay after the deduction day and pays this month from the notice', async () => {
    const { page } = env.tab;
    const chargesBefore = (await charges()).length;
    // Every request the tab sends to the gateway (the processor's own form posts to the processor), to look for card numbers.
    const gatewayBodies: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(env.platform.processorUrl)) gatewayBodies.push(`${request.url()} ${request.postData() ?? ''}`);
    });
    await page.goto(cityUrl(env.platform, city, '/'));
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to your account' }).waitFor();
    await expectNoSeriousAccessibilityViolations(page);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    for (const [label, value] of Object.entries(register)) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByLabel('New password', { exact: true }).fill(GOOD_PASSWORD);
    await expectNoSeriousAccessibilityViolations(page);
    await page.getByRole('button', { name: 'Create account' }).click();

    // Two accounts linked with the city's proof; a wrong proof is refused at the form.
    await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
    await page.getByLabel('Account number').fill(accounts[0]!.number);
    await expect(page.getByLabel(proofLabel).getAttribute('inputmode')).resolves.toBe(proofKeyboard);
    await page.getByLabel(proofLabel).fill('1.23');
    await page.getByRole('button', { name: 'Link account' }).click();
    await expect(page.getByRole('alert').first().innerText()).resolves.toMatch(/\w/);
    for (const account of accounts) {
      await page.getByLabel('Account number').fill(account.number);
      await page.getByLabel(proofLabel).fill(await account.proof());
      await page.getByRole('button', { name: 'Link account' }).click();
      await page.getByText(`Account ${account.number} is linked.`).waitFor();
      await page.getByRole('heading', { level: 2, name: `Account ${account.number}` }).waitFor();
    }
    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, `portal-account-${city.slug}`);

    // Both in one payment, with a new card typed into the processor's frame.
    for (const [index, account] of accounts.entries()) {
      await page.getByRole('checkbox', { name: `Pay account ${account.number}` }).check();
      await page.getByLabel(`Amount for account ${account.number}`).fill(index === 0 ? '20.00' : '15.00');
    }
    await page.getByRole('button', { name: 'Pay selected accounts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pay your accounts' }).waitFor();
    // A reload keeps the session (localStorage) and what is being paid (sessionStorage).
    await page.reload();
    await page.getByText(`Account ${accounts[1]!.number}: $15.00`).waitFor();
    await expect(page.getByRole('radio', { name: 'A new card' }).isChecked()).resolves.toBe(true);
    await typeCard(page, SANDBOX_TEST_CARDS.visa);
    await expectNoSeriousAccessibilityViolations(page);
    // A double click pays once (the processor's charges are counted at the end).
    await press(page, 'Pay $35.00', 'dblclick');
    await page.getByRole('heading', { level: 2, name: 'Receipt' }).waitFor();
    const receipt = await page.locator('.receipt').innerText();
    for (const account of accounts) expect(receipt).toContain(account.masked);
    expect(receipt).toContain('$35.00');
    const confirmation = (await page.getByRole('region', { name: 'Confirmation number' }).locator('p').first().innerText()).trim();
    await expectNoSeriousAccessibilityViolations(page);

    // The history lists it; its receipt opens from there.
    await go(page, 'Payment history');
    const row = page.getByRole('row').filter({ hasText: confirmation });
    await expect(row.innerText()).resolves.toContain(accounts[1]!.masked);
    // On a phone the table scrolls in a box of its own, named by its caption, that the keyboard reaches.
    const history = page.getByRole('region', { name: 'Your payments, newest first' });
    await expect(history.getAttribute('tabindex')).resolves.toBe('0');
    await expectNoSeriousAccessibilityViolations(page);
    await row.getByRole('link', { name: `Receipt ${confirmation}` }).click();
    await page.getByRole('heading', { level: 2, name: 'Receipt' }).waitFor();
    await expect(page.getByRole('region', { name: 'Confirmation number' }).innerText()).resolves.toContain(confirmation);

    // A card saved through the processor's form.
    await go(page, 'Saved payment methods');
    await page.getByRole('button', { name: 'Add a card' }).click();
    await typeCard(page, SANDBOX_TEST_CARDS.visa);
    await press(page, 'Save card');
    await page.getByText('Visa ending 4242 was saved.').waitFor();
    await expectNoSeriousAccessibilityViolations(page);

    // Auto Pay after the 15th: this month is not covered, and the amount due is paid from the notice with the saved card.
    await go(page, 'Auto Pay');
    const first = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Account ${accounts[0]!.number}` }) });
    await expect(first.innerText()).resolves.toContain('Not Enrolled');
    // Bank autopay only where the city takes it online; elsewhere the page points to the paper form.
    await expect(page.getByText('fill in and mail the paper form on the back of your bill').count()).resolves.toBe(bankAutopayByPaper ? 1 : 0);
    await first.getByRole('button', { name: 'Enroll' }).click();
    await expect(first.getByRole('radio', { name: 'Visa ending 4 2 4 2' }).isChecked()).resolves.toBe(true);
    await first.getByLabel('Maximum per month (optional)').fill('500');
    await expectNoSeriousAccessibilityViolations(page);
    await first.getByRole('button', { name: 'Enroll in Auto Pay' }).click();
    await first.getByRole('heading', { name: 'This month is not covered' }).waitFor();
    await first.getByText('Enrolled', { exact: true }).waitFor();
    await first.getByText('Next deduction').waitFor();
    await expectNoSeriousAccessibilityViolations(page);
    await screenshotAtBothSizes(page, `portal-autopay-${city.slug}`);
    const payNow = first.getByRole('button', { name: /^Pay \$[\d,]+\.\d\d now$/ });
    const amountDue = /\$([\d,]+\.\d\d)/.exec(await payNow.innerText())![1]!;
    await payNow.click();
    await page.getByRole('heading', { level: 1, name: 'Pay your accounts' }).waitFor();
    await expect(page.getByRole('radio', { name: 'Visa ending 4 2 4 2' }).isChecked()).resolves.toBe(true);
    await press(page, `Pay $${amountDue}`);
    await page.getByRole('heading', { level: 2, name: 'Receipt' }).waitFor();
    await expect(page.locator('.receipt').innerText()).resolves.toContain(accounts[0]!.masked);

    // Two charges at the processor: the two accounts at once, then the month from the notice.
    expect((await charges()).length - chargesBefore).toBe(2);
    // Only tokens and saved-method ids went to the gateway: no request, log line or page held a card number.
    expect(gatewayBodies.join('\n')).toMatch(/"token":"tok_/);
    expect(cardNumbersIn(gatewayBodies.join('\n'))).toEqual([]);
    expect(cardNumbersIn(env.platform.logLines().join('\n'))).toEqual([]);
    expect(cardNumbersIn(await page.content())).toEqual([]);
    env.tab.expectNoConsoleErrors();
    // About 9 s alone: a whole journey of page loads, axe checks and payments, three times that on a loaded 2-core machine.
  }, 90_000);
});

// Signs in as the Norman resident registered above (Jest runs a file's tests in order): one page load instead of a second registration.
it('signs in at Norman, saves another card through the hosted form and removes it (the first stays), stops Auto Pay, signs out', async () => {
  const { page } = env.tab;
  await page.goto(`${cityUrl(env.platform, NORMAN, '/').replace('/?', '/sign-in?')}`);
  await page.getByLabel('Username').fill('emily_j');
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
  await go(page, 'Saved payment methods');
  await page.getByRole('button', { name: 'Add a card' }).click();
  await typeCard(page, SANDBOX_TEST_CARDS.mastercard);
  await press(page, 'Save card');
  await page.getByText('Mastercard ending 4444 was saved.').waitFor();
  await page.getByRole('button', { name: 'Remove Mastercard ending 4 4 4 4' }).click();
  await page.getByText('Mastercard ending 4444 was removed.').waitFor();
  await expect(page.getByRole('button', { name: 'Remove Mastercard ending 4 4 4 4' }).count()).resolves.toBe(0);
  await expect(page.getByRole('button', { name: 'Remove Visa ending 4 2 4 2' }).count()).resolves.toBe(1);

  // Auto Pay, set in the test above, is stopped from its form.
  await go(page, 'Auto Pay');
  const enrolled = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Account 2001-0417' }) });
  await enrolled.getByText('Enrolled', { exact: true }).waitFor();
  await enrolled.getByRole('button', { name: 'Edit' }).click();
  await enrolled.getByRole('button', { name: 'Stop Auto Pay' }).click();
  await enrolled.getByRole('heading', { name: 'Auto Pay is stopped' }).waitFor();
  await enrolled.getByText('Not Enrolled', { exact: true }).waitFor();

  // Signing out forgets the session in this browser (logout ends it on the server), says so, and the account pages ask to sign in again.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByText('You have signed out.').waitFor();
  await expect(page.evaluate<string | null>("localStorage.getItem('web.portal.session.norman')")).resolves.toBeNull();
  await page.goto(cityUrl(env.platform, NORMAN, '/').replace('/?', '/account/wallet?'));
  await page.getByRole('heading', { level: 1, name: 'Sign in to your account' }).waitFor();
  env.tab.expectNoConsoleErrors();
});

it('forgot password -> the emailed reset page -> signs in with the new password, in Spanish at Norwalk', async () => {
  const email = 'ana@norwalk.example';
  await registerCustomer(env.platform.client.asTenant('norwalk'), { email, name: 'Ana Torres', locale: 'ES' });
  const { page } = env.tab;
  // The language a person chose before, as the switch keeps it (a string: it runs in the page, and tests have no DOM types).
  await page.addInitScript("localStorage.setItem('web.locale.norwalk', 'es')");
  const base = cityUrl(env.platform, NORWALK, '/');
  await page.goto(`${base}forgot-password`);
  await page.getByRole('heading', { level: 1, name: 'Restablecer su contraseña' }).waitFor();
  await page.getByLabel('Correo electrónico').fill(email);
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByRole('button', { name: 'Enviarme un enlace' }).click();
  await page.getByText('Si hay una cuenta con esos datos').waitFor();

  const token = await latestToken(env.platform, 'norwalk', email, 'PASSWORD_RESET');
  await page.goto(`${base}reset-password?token=${encodeURIComponent(token)}`);
  await page.getByRole('heading', { level: 1, name: 'Elegir una contraseña nueva' }).waitFor();
  const newPassword = 'a brand new river stone phrase';
  await page.getByLabel('Contraseña nueva').fill(newPassword);
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByRole('button', { name: 'Guardar contraseña' }).click();
  await page.getByText('Su contraseña está lista').waitFor();
  await page.getByRole('link', { name: 'Iniciar sesión' }).last().click();

  await page.getByRole('heading', { level: 1, name: 'Inicie sesión en su cuenta' }).waitFor();
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Iniciar sesión' }).click();
  // The old password no longer works: the server's refusal, in Spanish, at the form.
  await page.getByRole('alert').getByText(SPANISH_INVALID_CREDENTIALS).waitFor();
  await page.getByLabel('Contraseña', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Iniciar sesión' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sus cuentas' }).waitFor();
  await expectNoSeriousAccessibilityViolations(page);

  // The profile, in Spanish too: the name changed is the name the API keeps.
  await page.getByRole('navigation', { name: 'Su cuenta' }).getByRole('link', { name: 'Perfil' }).click();
  await page.getByRole('heading', { level: 1, name: 'Perfil' }).waitFor();
  await expect(page.getByLabel('Nombre completo').inputValue()).resolves.toBe('Ana Torres');
  await page.getByLabel('Nombre completo').fill('Ana María Torres');
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByRole('button', { name: 'Guardar perfil' }).click();
  await page.getByText('Su perfil está guardado.').waitFor();
  const [row] = await tenantRows<{ full_name: string }>(env.platform, 'norwalk', 'SELECT full_name FROM users WHERE email = $1', [email]);
  expect(row?.full_name).toBe('Ana María Torres');

  // A new email asks for the current password, which the page shows only then.
  await expect(page.getByLabel('Contraseña actual').count()).resolves.toBe(0);
  await page.getByLabel('Correo electrónico').fill(`moved.${email}`);
  await page.getByLabel('Contraseña actual').fill(newPassword);
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByRole('button', { name: 'Guardar perfil' }).click();
  await page.getByText('Su perfil está guardado.').waitFor();
  await expect(page.getByLabel('Contraseña actual').count()).resolves.toBe(0);
  // Only asked for: the account keeps its address, and says so, until the link sent to the new one is followed.
  await page
    .getByText(`Enviamos un enlace a moved.${email}. Su correo cambia a esa dirección cuando abra el enlace; hasta entonces, los recibos, avisos y restablecimientos de contraseña van a ${email}.`)
    .waitFor();
  await expect(page.getByLabel('Correo electrónico').inputValue()).resolves.toBe(email);
  const emailOf = async () => (await tenantRows<{ email: string }>(env.platform, 'norwalk', 'SELECT email FROM users WHERE full_name = $1', ['Ana María Torres']))[0]?.email;
  expect(await emailOf()).toBe(email);
  const link = await latestToken(env.platform, 'norwalk', `moved.${email}`, 'EMAIL_VERIFICATION');
  await page.goto(`${base}verify-email?token=${encodeURIComponent(link)}`);
  await page.getByRole('heading', { level: 1, name: 'Confirme su correo' }).waitFor();
  await expectNoSeriousAccessibilityViolations(page);
  // Opening the link proves nothing (a mail scanner opens links): the press does.
  expect(await emailOf()).toBe(email);
  await page.getByRole('button', { name: 'Confirmar mi correo' }).click();
  await page.getByText('Su correo está confirmado.').waitFor();
  expect(await emailOf()).toBe(`moved.${email}`);
  env.tab.expectNoConsoleErrors([/status of 4\d\d/]);
});

it('a staff invitation sets a password and lands signed in on the console (Norman, by username)', async () => {
  const created = await env.platform.operator
    .asTenant('norman')
    .data<{ createStaffUser: { userErrors: unknown[] } }>(CREATE_STAFF, { input: { email: 'new.clerk@norman.example', username: 'new_clerk', name: 'Nia Clerk', role: 'SUPPORT' } });
  expect(created.createStaffUser.userErrors).toEqual([]);
  const token = await latestToken(env.platform, 'norman', 'new.clerk@norman.example', 'STAFF_INVITATION');
  const { page } = env.tab;
  await page.goto(`http://127.0.0.1:${env.platform.gateway.port}/console/accept-invitation?tenant=norman&token=${encodeURIComponent(token)}`);
  await page.getByRole('heading', { level: 1, name: 'Accept your invitation' }).waitFor();
  await page.getByLabel('Username').fill('new_clerk');
  await page.getByLabel('Choose a password').fill('a clerk chooses this long phrase');
  await expectNoSeriousAccessibilityViolations(page);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Payments board' }).waitFor();
  await expect(page.getByRole('banner').innerText()).resolves.toContain('Signed in as Nia Clerk');
  expect(new URL(page.url()).pathname).toBe('/console/board');
  env.tab.expectNoConsoleErrors();
});

describe('a registered resident paying at Norman, an account of their own linked', () => {
  const resident = { username: 'paz_resident', email: 'paz@norman.example', name: 'Paz Resident', phone: '405-555-0177' };
  const ACCOUNT = '2004-2650';

  beforeAll(() => linkedResident(env.platform, 'norman', resident, ACCOUNT, { lastPaymentAmount: '120.00' }));

  /** Signs in with the sign-in page's form, as whoever is at the computer. */
  async function signInAs(page: Page, username: string): Promise<void> {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
  }

  /** Chooses an account on the accounts page for `amount`, and waits for the payment page. */
  async function choose(page: Page, account: string, amount: string): Promise<void> {
    await page.getByRole('checkbox', { name: `Pay account ${account}` }).check();
    await page.getByLabel(`Amount for account ${account}`).fill(amount);
    await page.getByRole('button', { name: 'Pay selected accounts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pay your accounts' }).waitFor();
  }

  /** Signs in on the page, chooses the account for `amount`, and waits for the payment page and its card form. */
  async function startPaying(page: Page, amount: string): Promise<void> {
    await page.goto(`${cityUrl(env.platform, NORMAN, '/').replace('/?', '/sign-in?')}`);
    await signInAs(page, resident.username);
    await choose(page, ACCOUNT, amount);
    await form(page).getByLabel('Card number').waitFor();
  }

  /** The convenience fee policy of Norman, set through the platform operator's API. */
  async function setConvenienceFee(convenienceFee: Record<string, unknown>): Promise<void> {
    const { updateTenant } = await env.platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
      'mutation($slug: String!, $input: UpdateTenantInput!) { updateTenant(slug: $slug, input: $input) { userErrors { field code message } } }',
      { slug: 'norman', input: { paymentRules: { convenienceFee } } },
    );
    expect(updateTenant.userErrors).toEqual([]);
  }

  it("gives an example account number in Norman's own format to link another account", async () => {
    const { page } = env.tab;
    await page.goto(`${cityUrl(env.platform, NORMAN, '/').replace('/?', '/sign-in?')}`);
    await signInAs(page, resident.username);
    const link = page.getByRole('region', { name: 'Link an account' });
    await link.getByLabel('Account number').waitFor();
    const hint = await fieldDescription(page, 'Account number');
    expect(hint).toContain('At the top of your bill, for example 2005-0123.');
    expect(hint).not.toMatch(/\d{2}-\d{4}-\d{2}/);
  });

  it('says when the accounts or the payment history could not be loaded, and loads them on Try again', async () => {
    const { page } = env.tab;
    /** The page's alert that its data did not come, checked, then Try again, until `loaded` shows and the alert is gone. */
    async function tryAgain(loaded: Locator): Promise<void> {
      const failed = page.getByRole('alert').filter({ hasText: 'The page could not be loaded. Check your connection and try again.' });
      await failed.waitFor();
      await expectNoSeriousAccessibilityViolations(page);
      await failed.getByRole('button', { name: 'Try again' }).click();
      await loaded.waitFor();
      expect(await failed.count()).toBe(0);
    }
    await loseAnswers(page, 'AccountViewer');
    await loseAnswers(page, 'AccountHistory');
    await page.goto(`${cityUrl(env.platform, NORMAN, '/').replace('/?', '/sign-in?')}`);
    await signInAs(page, resident.username);
    await tryAgain(page.getByRole('checkbox', { name: `Pay account ${ACCOUNT}` }));
    await go(page, 'Payment history');
    await tryAgain(page.getByText(/^(You have not made a payment yet\.|Your payments, newest first)$/));
    env.tab.expectNoConsoleErrors([/net::ERR_CONNECTION_RESET|Failed to load resource/]);
  });

  it('shows the convenience fee and the total before Pay, and is charged that total', async () => {
    await setConvenienceFee({ kind: 'FLAT', amount: '1.50' });
    try {
      const { page } = env.tab;
      const before = await charges();
      await startPaying(page, '20.00');
      const summary = page.getByRole('region', { name: 'Your payment' });
      await summary.getByRole('term').filter({ hasText: 'Total' }).last().waitFor();
      const terms = await summary.getByRole('term').allInnerTexts();
      const details = await summary.getByRole('definition').allInnerTexts();
      expect(Object.fromEntries(terms.map((term, index) => [term, details[index]]))).toEqual({ 'Total of the accounts': '$20.00', 'Convenience fee': '$1.50', Total: '$21.50' });
      await typeCard(page, SANDBOX_TEST_CARDS.visa);
      await expectNoSeriousAccessibilityViolations(page);
      await press(page, 'Pay $21.50');
      await page.getByRole('heading', { level: 2, name: 'Receipt' }).waitFor();
      expect((await charges()).slice(before.length).map((charge) => charge.amount)).toEqual(['2150']);
      env.tab.expectNoConsoleErrors();
    } finally {
      await setConvenienceFee({ kind: 'NONE' });
    }
  });

  it('keeps a payment whose answer was lost across a reload, with nothing it was sent with to change, and the retry makes one charge', async () => {
    const { page } = env.tab;
    const before = await charges();
    const bodies: string[] = [];
    page.on('request', (request) => bodies.push(`${request.url()} ${request.postData() ?? ''}`));
    await startPaying(page, '12.00');
    await typeCard(page, SANDBOX_TEST_CARDS.visa);
    await loseAnswers(page, 'AccountPay');
    await press(page, 'Pay $12.00');
    const alert = page.getByRole('alert').filter({ hasText: 'We could not confirm your payment' });
    await alert.waitFor();
    const unchangeable = async () => {
      // Once the payment methods have loaded (after a reload they say "Loading…" a moment), none is offered.
      await page.getByRole('main').getByText('Paying with Visa ending 4242.').waitFor();
      expect(await page.getByRole('main').ariaSnapshot()).toContain('paragraph: Paying with Visa ending 4 2 4 2.\n');
      expect(await page.getByRole('link', { name: 'Change accounts or amounts' }).count()).toBe(0);
      expect(await page.getByRole('radio').count()).toBe(0);
      expect(await page.getByTitle('Card details').isVisible()).toBe(false);
    };
    await unchangeable();

    // Starting another payment from the accounts page does not replace it: the payment page still holds it.
    await go(page, 'Accounts');
    await choose(page, ACCOUNT, '99.00');
    await page.reload();
    await alert.waitFor();
    expect(await page.evaluate('document.activeElement.getAttribute("role")')).toBe('alert');
    expect(await page.getByRole('main').innerText()).toContain(`Account ${ACCOUNT}: $12.00`);
    await unchangeable();
    await press(page, 'Try again: pay $12.00');
    await page.getByRole('heading', { level: 2, name: 'Receipt' }).waitFor();

    expect((await charges()).slice(before.length)).toHaveLength(1);
    const sent = mutationInputs(bodies, 'AccountPay');
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    env.tab.expectNoConsoleErrors([/net::ERR_CONNECTION_RESET|Failed to load resource/]);
  });

  it('a shared computer: the next resident to sign in in the tab is not shown the last one’s unanswered payment, and pays their own', async () => {
    const next = { username: 'next_at_computer', email: 'next@norman.example', name: 'Next Resident', phone: '405-555-0188' };
    await linkedResident(env.platform, 'norman', next, '2002-0933', { lastPaymentAmount: '40.00' });
    const { page } = env.tab;

    // The first resident's payment is sent and its answer lost; they give up and sign out.
    await startPaying(page, '14.00');
    await typeCard(page, SANDBOX_TEST_CARDS.visa);
    await loseAnswers(page, 'AccountPay');
    await press(page, 'Pay $14.00');
    await page.getByRole('alert').filter({ hasText: 'We could not confirm your payment' }).waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByText('You have signed out.').waitFor();

    // The next person at the computer signs in, in the same tab, and pays their own account.
    await signInAs(page, next.username);
    await choose(page, '2002-0933', '10.00');
    await page.getByRole('button', { name: /^(Pay \$10\.00|Try again: pay \$14\.00)$/ }).waitFor();
    const shown = await page.getByRole('main').innerText();
    expect(shown).toContain('Account 2002-0933: $10.00');
    expect(shown).not.toContain(ACCOUNT);
    expect(shown).not.toContain('Visa ending 4242');
    expect(await page.getByRole('button', { name: 'Try again: pay $14.00' }).count()).toBe(0);
    env.tab.expectNoConsoleErrors([/net::ERR_CONNECTION_RESET|Failed to load resource/]);
  });
});
