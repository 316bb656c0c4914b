import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { GOOD_PASSWORD, LOGOUT, bearer, registerCustomer, serviceHouseNumber, tenantRows } from '../customers/customer-api';
import { linkedResident } from '../customers/linked-resident';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, type Page } from './browser';
import { sidewaysOverflow } from './overflow';
import { CITIES, cityUrl, focused, frameSettled, hostedFields, loseAnswers, perceived, fillCard } from './web-pages';

/*
 * A registered resident's pages off the straight path (Norwalk): a used reset
 * link, a long email on a phone, the keyboard's focus after a form closes or
 * is sent, notification choices and a bad mobile number, data that does not
 * load, changing a payment before paying it, a session that ends mid-page,
 * receipts of no payment made, and a city colour that reads on white but not
 * on the page's grey.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;
const LONG_EMAIL = 'guadalupe.hernandezrodriguez1987@norwalkwaterusers.org';
const ACCOUNT = '10-1003-00';
/** The resident, through the API (signed in as the page is). */
let customer: ReturnType<typeof bearer>;

beforeAll(async () => {
  ({ customer } = await linkedResident(env.platform, 'norwalk', { email: LONG_EMAIL, locale: 'EN' }, ACCOUNT));
  for (const number of [SANDBOX_TEST_CARDS.visa, SANDBOX_TEST_CARDS.mastercard]) {
    const saved = await customer.data<{ savePaymentMethod: { userErrors: unknown[] } }>('mutation S($t: String!) { savePaymentMethod(token: $t) { userErrors { code } } }', {
      t: await cardToken(env.platform, number),
    });
    expect(saved.savePaymentMethod.userErrors).toEqual([]);
  }
});

/** Signs in; `byQuery` opens the city as in development (127.0.0.1/?tenant=), which playwright's route.fetch can reach (loseAnswers). */
async function signIn(page: Page, byQuery = false): Promise<void> {
  await page.goto(byQuery ? `http://127.0.0.1:${env.platform.gateway.port}/sign-in?tenant=norwalk` : `${cityUrl(env.platform, NORWALK, '/')}sign-in`);
  await page.getByLabel('Email').fill(LONG_EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
}

async function go(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** The links of the page's main content, by name, with where they go (path and query). */
const mainLinks = (page: Page) =>
  page
    .getByRole('main')
    .getByRole('link')
    .evaluateAll((els) =>
      els.map((el) => {
        const link = el as unknown as { href: string; textContent: string };
        const url = new URL(link.href);
        return `${link.textContent}: ${url.pathname}${url.search}`;
      }),
    );

it('an expired password-reset link says to request a new one, and links to where to do it and to sign in', async () => {
  const { page } = env.tab;
  await page.goto(`${cityUrl(env.platform, NORWALK, '/')}reset-password?token=expired-or-used-token`);
  await page.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor();
  await page.getByLabel('New password').fill('a brand new river stone phrase');
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.getByRole('alert').getByText('This link is no longer valid. Request a new one.').waitFor();
  expect(await mainLinks(page)).toEqual(expect.arrayContaining(['Request a new link: /forgot-password', 'Back to sign in: /sign-in']));
  await page.getByRole('link', { name: 'Request a new link' }).click();
  await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
});

it('the reset page opened as in development keeps the city (?tenant=) in its links', async () => {
  const { page } = env.tab;
  await page.goto(`http://127.0.0.1:${env.platform.gateway.port}/reset-password?tenant=norwalk&token=expired-or-used-token`);
  await page.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor();
  expect(await mainLinks(page)).toEqual(expect.arrayContaining(['Request a new link: /forgot-password?tenant=norwalk', 'Back to sign in: /sign-in?tenant=norwalk']));
});

it('the account pages of a resident with a long email do not scroll sideways on a phone', async () => {
  const { page } = env.tab;
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  await page.getByRole('heading', { level: 2, name: `Account ${ACCOUNT}` }).waitFor();
  expect(await sidewaysOverflow(page)).toEqual({ width: 390, culprits: [] });
});

it('keeps the keyboard focus on the account when its Auto Pay form opens (on its heading), after enrolling, and after cancelling it', async () => {
  const { page } = env.tab;
  await signIn(page);
  await go(page, 'Auto Pay');
  await page.getByRole('button', { name: 'Enroll' }).focus();
  await page.keyboard.press('Enter');
  const onEnrolling = (await perceived(page)).focus;
  // The form lists the saved methods once they load; its button waits for them, as the person does.
  await page.getByRole('radio', { name: 'Visa ending 4 2 4 2' }).waitFor();
  await page.getByRole('button', { name: 'Enroll in Auto Pay' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Next deduction').waitFor();
  expect(await focused(page)).not.toBe('BODY');
  // On the notice that says what enrolling did.
  expect(await page.getByRole('status').evaluateAll((els) => els.some((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement))).toBe(true);

  await page.getByRole('button', { name: 'Edit' }).focus();
  await page.keyboard.press('Enter');
  const onEditing = (await perceived(page)).focus;
  await page.getByRole('button', { name: 'Cancel', exact: true }).focus();
  await page.keyboard.press('Enter');
  expect(await focused(page)).toBe('BUTTON: Edit');
  // Enroll and Edit go as the form opens in their place: focus is not dropped to the top of the page.
  expect({ onEnrolling, onEditing }).toEqual({ onEnrolling: `H3: Enroll account ${ACCOUNT} in Auto Pay`, onEditing: `H3: Change Auto Pay for account ${ACCOUNT}` });
});

it('keeps the keyboard focus on Link account after linking an account from the keyboard', async () => {
  const { page } = env.tab;
  await signIn(page);
  const link = page.getByRole('region', { name: 'Link an account' });
  await link.getByLabel('Account number').fill('10-1002-00');
  await link.getByLabel('House number of the service address').fill(await serviceHouseNumber(env.platform, 'norwalk', '10-1002-00'));
  await link.getByRole('button', { name: 'Link account' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Account 10-1002-00 is linked.').waitFor();
  await page.getByRole('heading', { level: 2, name: 'Account 10-1002-00' }).waitFor();
  expect(await focused(page)).toBe('BUTTON: Link account');
});

it('keeps the keyboard focus on Save profile after saving the profile from the keyboard', async () => {
  const { page } = env.tab;
  await signIn(page);
  await go(page, 'Profile');
  await page.getByLabel('Full name').fill('Guadalupe Hernández');
  await page.getByRole('button', { name: 'Save profile' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Your profile is saved.' }).waitFor();
  expect(await focused(page)).toBe('BUTTON: Save profile');
});

it('keeps notification choices made on the profile page (where a reminder’s “Stop these reminders” and a new bill’s “Stop bill emails” links lead), refuses a bad mobile number at its field, and starts texts once the number is confirmed with its code', async () => {
  const { page } = env.tab;
  const choices = () => customer.data<{ notificationPreferences: unknown }>('{ notificationPreferences { autopayReminders billNotices smsOptIn smsPhone smsPhoneConfirmed } }');
  try {
    await signIn(page, true);
    // The link's own address: the city by ?tenant=, as the email writes it.
    await page.goto(`http://127.0.0.1:${env.platform.gateway.port}/account/profile?tenant=norwalk`);
    const notifications = page.getByRole('region', { name: 'Notifications' });
    const reminders = notifications.getByRole('checkbox', { name: 'Email me a reminder before each automatic payment' });
    const bills = notifications.getByRole('checkbox', { name: 'Email me when a new bill is ready, and a reminder before it is due' });
    const texts = notifications.getByRole('checkbox', { name: 'Also text me payment receipts, Auto Pay failures, new bills and notices about my service' });
    const mobile = notifications.getByRole('textbox', { name: 'Mobile number for texts' });
    const save = notifications.getByRole('button', { name: 'Save notifications' });
    await reminders.waitFor();
    expect([await reminders.isChecked(), await bills.isChecked(), await texts.isChecked(), await mobile.count()]).toEqual([true, true, false, 0]);

    await reminders.uncheck();
    await bills.uncheck();
    await texts.check();
    // Texts need a number: an empty one would be saved as "no number", which switches texts off again.
    await save.click();
    await notifications.getByRole('alert').filter({ hasText: 'Enter the mobile number to text, or turn texts off.' }).waitFor();
    await mobile.fill('562-555-01');
    await save.click();
    await notifications.getByRole('alert').filter({ hasText: 'Give a mobile number like' }).waitFor();
    expect(await focused(page)).toMatch(/^DIV: There is a problem/);
    expect(await mobile.getAttribute('aria-invalid')).toBe('true');
    await mobile.focus();
    expect((await perceived(page)).focusDescription).toContain('Give a mobile number like "562-555-0100" or "+15625550100".');
    expect(await choices()).toEqual({ notificationPreferences: { autopayReminders: true, billNotices: true, smsOptIn: false, smsPhone: null, smsPhoneConfirmed: false } });
    await expectNoSeriousAccessibilityViolations(page);

    await mobile.fill('562-555-0142');
    await save.click();
    await notifications.getByRole('status').filter({ hasText: 'Your notification choices are saved. We texted a code to +15625550142: enter it below to start texts.' }).waitFor();
    expect(await focused(page)).toBe('BUTTON: Save notifications');
    expect(await mobile.getAttribute('aria-invalid')).toBeNull();

    // Texts wait for the number to be proved with the code texted to it (read here as the phone would get it).
    const confirmation = notifications.getByRole('region', { name: 'Confirm your mobile number' });
    const code = confirmation.getByRole('textbox', { name: 'Code from the text' });
    await code.focus();
    expect((await perceived(page)).focusDescription).toContain('Texts start once you enter the 6-digit code texted to +15625550142.');
    await page.reload();
    await code.waitFor();
    expect(await choices()).toEqual({ notificationPreferences: { autopayReminders: false, billNotices: false, smsOptIn: true, smsPhone: '+15625550142', smsPhoneConfirmed: false } });
    const [texted] = await tenantRows<{ code: string }>(
      env.platform,
      'norwalk',
      `SELECT data->>'token' AS code FROM notification_outbox WHERE template = 'SMS_PHONE_CODE' AND recipient = '+15625550142' ORDER BY created_at DESC LIMIT 1`,
    );
    await code.fill(texted!.code === '000000' ? '999999' : '000000');
    await confirmation.getByRole('button', { name: 'Confirm number' }).click();
    await confirmation.getByRole('alert').filter({ hasText: 'That is not the code we texted.' }).waitFor();
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    // A new code within the minute: refused, and said so.
    await confirmation.getByRole('button', { name: 'Text me a new code' }).click();
    await confirmation.getByRole('alert').filter({ hasText: 'A code was sent less than a minute ago.' }).waitFor();
    await code.fill(texted!.code);
    await confirmation.getByRole('button', { name: 'Confirm number' }).focus();
    await page.keyboard.press('Enter');
    await notifications.getByRole('status').filter({ hasText: 'Your mobile number is confirmed. Receipts and Auto Pay failures will be texted to it.' }).waitFor();
    expect(await focused(page)).toMatch(/^P: Your mobile number is confirmed\./);
    expect(await confirmation.count()).toBe(0);
    await expectNoSeriousAccessibilityViolations(page);

    await page.reload();
    await reminders.waitFor();
    expect([await reminders.isChecked(), await bills.isChecked(), await texts.isChecked(), await mobile.inputValue(), await confirmation.count()]).toEqual([false, false, true, '+15625550142', 0]);
    expect(await choices()).toEqual({ notificationPreferences: { autopayReminders: false, billNotices: false, smsOptIn: true, smsPhone: '+15625550142', smsPhoneConfirmed: true } });
  } finally {
    await customer.data('mutation { updateNotificationPreferences(input: { autopayReminders: true, billNotices: true, smsOptIn: false }) { userErrors { code } } }');
  }
});

it('keeps the keyboard focus in the list after removing a saved card, and says what was removed in the language switched to', async () => {
  const { page } = env.tab;
  await signIn(page);
  await go(page, 'Saved payment methods');
  const remove = page.getByRole('button', { name: 'Remove Mastercard ending 4 4 4 4' });
  await remove.focus();
  await page.keyboard.press('Enter');
  await page.getByText('Mastercard ending 4444 was removed.').waitFor();
  expect(await focused(page)).toMatch(/^P: Mastercard ending 4444 was removed\./);
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { level: 1, name: 'Métodos de pago guardados' }).waitFor();
  expect(await page.getByRole('main').innerText()).toContain('Se eliminó Mastercard que termina en 4444.');
});

it('keeps the keyboard focus when Add a card opens the card form (on its heading), while Save card saves, and when Cancel closes the form (on Add a card)', async () => {
  const { page } = env.tab;
  await signIn(page);
  await go(page, 'Saved payment methods');
  await page.getByRole('button', { name: 'Add a card' }).focus();
  await page.keyboard.press('Enter');
  const onOpening = (await perceived(page)).focus;

  const card = hostedFields(page);
  await fillCard(card, { number: SANDBOX_TEST_CARDS.americanExpress, cvc: '1234', name: 'Guadalupe Hernández' });
  await frameSettled(page);
  // The save's answer is held until the page has been looked at while it saves.
  let answer!: () => void;
  const held = new Promise<void>((resolve) => (answer = resolve));
  await page.route('**/graphql', async (route) => {
    if ((route.request().postData() ?? '').includes('"operationName":"AccountSaveMethod"')) await held;
    return route.fallback();
  });
  await page.getByRole('button', { name: 'Save card' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Save card', disabled: true }).waitFor();
  const whileSaving = (await perceived(page)).focus;
  answer();
  await page.getByText('American Express ending 0005 was saved.').waitFor();

  await page.getByRole('button', { name: 'Add a card' }).focus();
  await page.keyboard.press('Enter');
  await hostedFields(page).getByLabel('Card number').waitFor();
  await page.getByRole('button', { name: 'Cancel', exact: true }).focus();
  await page.keyboard.press('Enter');
  const onCancelling = (await perceived(page)).focus;

  expect({ onOpening, whileSaving, onCancelling }).toEqual({ onOpening: 'H2: Add a payment method', whileSaving: 'BUTTON: Save card', onCancelling: 'BUTTON: Add a card' });
});

it('the payment page says when the saved methods could not be loaded and offers Try again (instead of Loading… forever)', async () => {
  const { page } = env.tab;
  await loseAnswers(page, 'AccountPaymentMethods');
  await signIn(page, true);
  await page.getByRole('checkbox', { name: `Pay account ${ACCOUNT}` }).check();
  await page.getByLabel(`Amount for account ${ACCOUNT}`).fill('10.00');
  await page.getByRole('button', { name: 'Pay selected accounts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pay your accounts' }).waitFor();
  const failed = page.getByRole('alert').filter({ hasText: 'The page could not be loaded' });
  await failed.waitFor({ timeout: 5000 }).catch(() => undefined);
  const method = await page.getByRole('region', { name: 'Payment method' }).innerText();
  expect({ alertShown: await failed.count(), method }).toEqual({ alertShown: 1, method: expect.not.stringContaining('Loading…') });
  await failed.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('radio', { name: 'Visa ending 4 2 4 2' }).waitFor();
});

it('“Change” on the payment page goes back to the accounts with the amounts the resident chose', async () => {
  const { page } = env.tab;
  await signIn(page);
  await page.getByRole('checkbox', { name: `Pay account ${ACCOUNT}` }).check();
  await page.getByLabel(`Amount for account ${ACCOUNT}`).fill('12.34');
  await page.getByRole('button', { name: 'Pay selected accounts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pay your accounts' }).waitFor();
  // The page asks no email (the receipt goes to the resident's own): the link names only what it changes.
  expect(await page.getByRole('link', { name: /email/i }).count()).toBe(0);
  await page.getByRole('link', { name: 'Change accounts or amounts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
  await page.getByRole('heading', { level: 2, name: `Account ${ACCOUNT}` }).waitFor();
  expect({
    chosen: await page.getByRole('checkbox', { name: `Pay account ${ACCOUNT}` }).isChecked(),
    amount: (await page.getByLabel(`Amount for account ${ACCOUNT}`).count()) ? await page.getByLabel(`Amount for account ${ACCOUNT}`).inputValue() : null,
  }).toEqual({ chosen: true, amount: '12.34' });
});

it('signing in again after the session ended on a page returns the resident to that page (Auto Pay), not to the accounts', async () => {
  const { page } = env.tab;
  await page.clock.install();
  await signIn(page);
  await go(page, 'Auto Pay');
  const autopay = page.url();

  // The session ends while the resident reads the page: its refresh token no longer works (revoked, or expired).
  const stored = JSON.parse((await page.evaluate<string | null>("localStorage.getItem('web.portal.session.norwalk')"))!) as { refreshToken: string; accessTokenExpiresAt: string };
  await env.platform.client.asTenant('norwalk').data(LOGOUT, { token: stored.refreshToken });
  await page.clock.fastForward(Date.parse(stored.accessTokenExpiresAt) - Date.now());
  await page.getByRole('heading', { level: 1, name: 'Sign in to your account' }).waitFor();
  await page
    .getByRole('status')
    .filter({ hasText: /session/i })
    .waitFor();

  await page.getByLabel('Email').fill(LONG_EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Auto Pay' }).waitFor();
  expect(page.url()).toBe(autopay);
});

it('the receipt of a declined payment, opened from the history, says it did not go through instead of thanking the resident', async () => {
  const declined = await pay(customer, {
    idempotencyKey: newKey('declined'),
    allocations: [{ accountNumber: ACCOUNT, amount: '12.00' }],
    token: await cardToken(env.platform, SANDBOX_TEST_CARDS.genericDecline),
  });
  expect(declined.payment?.status).toBe('DECLINED');
  const { page } = env.tab;
  await signIn(page);
  await go(page, 'Payment history');
  await page.getByRole('link', { name: `Receipt ${declined.payment!.confirmationNumber}` }).click();
  await page.getByRole('status').filter({ hasText: 'Status:' }).waitFor();
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Your payment did not go through');
});

it('a receipt address that names none of the resident’s payments says only that the receipt was not found', async () => {
  const { page } = env.tab;
  await signIn(page);
  await page.goto(`${cityUrl(env.platform, NORWALK, '/')}account/receipt/00000000-0000-4000-8000-000000000000`);
  await page.getByRole('alert').filter({ hasText: 'We could not find this receipt.' }).waitFor();
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Payment receipt');
  expect(await page.getByRole('button', { name: 'Copy confirmation number' }).count()).toBe(0);
});

// A common brand blue and a teal: each reads at 4.5:1 on white, under it on the page's grey (#f4f5f7), where most links sit.
it.each(['#0077c8', '#008080'])('a city colour of %s is darkened until its links read at 4.5:1 on the grey too (sign-in and accounts pages)', async (primaryColor) => {
  await changeCitySettings(env.platform, 'norwalk', { branding: { primaryColor } });
  try {
    const { page } = env.tab;
    await page.goto(`${cityUrl(env.platform, NORWALK, '/')}sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to your account' }).waitFor();
    await expectNoSeriousAccessibilityViolations(page);
    await signIn(page);
    await expectNoSeriousAccessibilityViolations(page);
  } finally {
    await changeCitySettings(env.platform, 'norwalk', { branding: { primaryColor: '#005a9c' } });
  }
});

describe('confirming a mobile number', () => {
  const SAVE = 'mutation P($input: NotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { userErrors { code } } }';

  /** A new resident, signed in on the page, on the profile page's Notifications section. */
  async function newResidentsNotifications(page: Page, email: string) {
    const client = env.platform.client.asTenant('norwalk');
    const { session, user } = await registerCustomer(client, { email, locale: 'EN' });
    await page.goto(`http://127.0.0.1:${env.platform.gateway.port}/sign-in?tenant=norwalk`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
    await page.goto(`http://127.0.0.1:${env.platform.gateway.port}/account/profile?tenant=norwalk`);
    const notifications = page.getByRole('region', { name: 'Notifications' });
    const texts = notifications.getByRole('checkbox', { name: 'Also text me payment receipts, Auto Pay failures, new bills and notices about my service' });
    await texts.waitFor();
    return {
      api: bearer(client, session),
      user,
      notifications,
      texts,
      mobile: notifications.getByRole('textbox', { name: 'Mobile number for texts' }),
      save: notifications.getByRole('button', { name: 'Save notifications' }),
      confirmation: notifications.getByRole('region', { name: 'Confirm your mobile number' }),
    };
  }

  it('a corrected number gets a fresh code form: the wrong code typed for the old number, and its error, are not left on it', async () => {
    const { page } = env.tab;
    const { notifications, texts, mobile, save, confirmation } = await newResidentsNotifications(page, 'corrects-number@example.com');
    await texts.check();
    await mobile.fill('562-555-0901');
    await save.click();
    const code = confirmation.getByRole('textbox', { name: 'Code from the text' });
    // The code never comes (the number is wrong): the resident guesses, and is told it is not the code.
    await code.fill('000000');
    await confirmation.getByRole('button', { name: 'Confirm number' }).click();
    await confirmation.getByRole('alert').filter({ hasText: 'That is not the code we texted.' }).waitFor();

    await mobile.fill('562-555-0902');
    await save.click();
    await notifications.getByRole('status').filter({ hasText: 'We texted a code to +15625550902' }).waitFor();
    await code.focus();
    expect((await perceived(page)).focusDescription).toContain('texted to +15625550902');
    expect({ typed: await code.inputValue(), invalid: await code.getAttribute('aria-invalid'), alerts: await confirmation.getByRole('alert').count() }).toEqual({
      typed: '',
      invalid: null,
      alerts: 0,
    });
  });

  it('a save that could send no code (the day’s five used) says why at the number, not that a code was texted', async () => {
    const { page } = env.tab;
    const { api, user, notifications, mobile, save } = await newResidentsNotifications(page, 'five-codes@example.com');
    for (const phone of ['562-555-0911', '562-555-0912', '562-555-0913', '562-555-0914', '562-555-0915']) await api.data(SAVE, { input: { smsOptIn: true, smsPhone: phone } });
    await page.reload();
    await mobile.fill('562-555-0916');
    await save.click();
    await notifications.getByRole('alert').filter({ hasText: 'Five codes were sent today. Try again tomorrow.' }).waitFor();
    expect(await mobile.getAttribute('aria-invalid')).toBe('true');
    const status = notifications.getByRole('status').first();
    expect(await status.innerText()).toBe('Your notification choices are saved.');
    expect(await tenantRows(env.platform, 'norwalk', `SELECT 1 FROM notification_outbox WHERE user_id = $1 AND recipient = '+15625550916'`, [user.id])).toEqual([]);
  });
});
