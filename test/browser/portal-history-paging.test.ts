import { GOOD_PASSWORD } from '../customers/customer-api';
import { linkedResident } from '../customers/linked-resident';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, type Page } from './browser';
import { focused, waitUntil } from './console-staff';
import { CITIES, cityUrl, holdAnswer } from './web-pages';

/*
 * A resident with more payments than the history shows at once (50): five
 * years of monthly Auto Pay is 60. The older ones are a keypress away, and
 * the keyboard's focus goes on to the first of them (Norwalk).
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;
const EMAIL = 'paging.resident@norwalk.example';
const ACCOUNT = '10-1003-00';
const PAYMENTS = 55;
/** Confirmation numbers of the resident's payments, oldest first. */
const confirmations: string[] = [];

beforeAll(async () => {
  const { customer, accountId } = await linkedResident(env.platform, 'norwalk', { email: EMAIL, locale: 'EN' }, ACCOUNT);
  const { savePaymentMethod } = await customer.data<{ savePaymentMethod: { paymentMethod: { id: string } | null } }>(
    'mutation S($t: String!) { savePaymentMethod(token: $t) { paymentMethod { id } } }',
    { t: await cardToken(env.platform) },
  );
  for (let i = 0; i < PAYMENTS; i++) {
    const result = await pay(customer, {
      idempotencyKey: newKey('history'),
      allocations: [{ serviceAccountId: accountId, amount: '1.00' }],
      savedMethodId: savePaymentMethod.paymentMethod!.id,
    });
    if (!result.payment) throw new Error(`payment refused: ${JSON.stringify(result.userErrors)}`);
    confirmations.push(result.payment.confirmationNumber);
  }
}, 60_000);

async function signIn(page: Page): Promise<void> {
  await page.goto(`${cityUrl(env.platform, NORWALK, '/')}sign-in`);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
}

it('shows the newest 50 payments, and with the keyboard the 5 older ones, moving focus to the first of them', async () => {
  const { page } = env.tab;
  await signIn(page);
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Payment history', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Payment history' }).waitFor();
  const history = page.getByRole('table', { name: 'Your payments, newest first' });
  const receipts = history.getByRole('link', { name: /^Receipt / });
  await receipts.first().waitFor();
  const newestFirst = [...confirmations].reverse().map((number) => `Receipt ${number}`);
  expect(await receipts.allInnerTexts()).toEqual(newestFirst.slice(0, 50));

  const next = await holdAnswer(page, 'AccountHistory', (body) => body.includes('"after"'));
  const more = page.getByRole('button', { name: 'Show older payments' });
  await more.focus();
  await page.keyboard.press('Enter');
  await next.asked;
  // While the next page comes, the button stays where it was, with the focus, and says it is busy.
  const busy = page.getByRole('button', { name: 'Loading…' });
  expect({ ariaDisabled: await busy.getAttribute('aria-disabled'), focused: (await focused(page)).text }).toEqual({ ariaDisabled: 'true', focused: 'Loading…' });
  next.release();

  await waitUntil('the older payments are shown', async () => (await receipts.count()) === PAYMENTS);
  expect(await receipts.allInnerTexts()).toEqual(newestFirst);
  await waitUntil('focus is on the first older payment', async () => (await focused(page)).text === newestFirst[50]);
  expect({ focused: await focused(page), moreOffered: await more.count() }).toEqual({
    focused: expect.objectContaining({ tag: 'A', text: `Receipt ${confirmations[4]}` }),
    moreOffered: 0,
  });
  await expectNoSeriousAccessibilityViolations(page);
  env.tab.expectNoConsoleErrors();
}, 60_000);

it('says when the older payments could not be loaded, keeps the focus on the button, and shows them when pressed again', async () => {
  const { page } = env.tab;
  let lost = 0;
  await page.route('**/graphql', async (route) => {
    const body = route.request().postData() ?? '';
    if (lost > 0 || !body.includes('"operationName":"AccountHistory"') || !body.includes('"after"')) return route.fallback();
    lost++;
    return route.abort('connectionreset');
  });
  await signIn(page);
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Payment history', exact: true }).click();
  const receipts = page.getByRole('table', { name: 'Your payments, newest first' }).getByRole('link', { name: /^Receipt / });
  await receipts.first().waitFor();
  const more = page.getByRole('button', { name: 'Show older payments' });
  await more.focus();
  await page.keyboard.press('Enter');
  const alert = page.getByRole('alert').filter({ hasText: 'Your older payments could not be loaded. Check your connection and try again.' });
  await alert.waitFor();
  await more.waitFor();
  expect({ shown: await receipts.count(), focused: (await focused(page)).text }).toEqual({ shown: 50, focused: 'Show older payments' });

  await page.keyboard.press('Enter');
  await waitUntil('the older payments are shown', async () => (await receipts.count()) === PAYMENTS);
  await waitUntil('focus is on the first older payment', async () => (await focused(page)).text === `Receipt ${confirmations[4]}`);
  expect(await alert.count()).toBe(0);
  env.tab.expectNoConsoleErrors([/net::ERR_CONNECTION_RESET|Failed to load resource/]);
}, 60_000);
