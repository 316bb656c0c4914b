import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { linkedResident } from '../customers/linked-resident';
import { cardToken } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, type Page } from './browser';
import { openResidentPage, signInResident } from './portal-pages';
import { CITIES, cityUrl, fillBankAccount, frameSettled } from './web-pages';

/*
 * A city may take e-checks only (no card brand, and so no pay-by-phone line).
 * Its pay pages offer what it takes, as its home page lists it: a bank
 * account, with no choice to make, no card form, and no "Cards accepted"
 * naming nothing. They opened on a card form, and a payer who typed a card
 * was refused (CARD_BRAND_NOT_ACCEPTED).
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(15_000));
const [NORWALK] = CITIES;
const RESIDENT = 'echeck.payer@example.com';
const ACCOUNT = '10-1001-00';

beforeAll(async () => {
  // The resident saved a card while the city took cards.
  const { customer: resident } = await linkedResident(env.platform, 'norwalk', { email: RESIDENT, locale: 'EN' }, ACCOUNT);
  const saved = await resident.data<{ savePaymentMethod: { userErrors: unknown[] } }>('mutation Save($token: String!) { savePaymentMethod(token: $token) { userErrors { code } } }', {
    token: await cardToken(env.platform, SANDBOX_TEST_CARDS.visa),
  });
  expect(saved.savePaymentMethod.userErrors).toEqual([]);
  await changeCitySettings(env.platform, 'norwalk', {
    contact: { payByPhoneNumber: null },
    paymentRules: { acceptedCardBrands: [], echeckAccepted: true },
    autopayRules: { methodsAllowedOnline: ['BANK_ACCOUNT'] },
  });
}, 120_000);

/** What a payment page offers: choices to make, the processor's forms it frames, and any "Cards accepted" hint. */
async function offered(page: Page) {
  return {
    radios: await page.getByRole('radio').count(),
    forms: await Promise.all((await page.locator('iframe.hosted-fields').all()).map((frame) => frame.getAttribute('title'))),
    cardsAccepted: (await page.getByRole('main').innerText()).includes('Cards accepted'),
  };
}

it('a guest of a city that takes e-checks only is offered a bank account alone, and pays with it', async () => {
  const { page } = env.tab;
  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  await page.getByLabel('Account number').fill(ACCOUNT);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Payment amount').fill('20.00');
  await page.getByLabel('Email for your receipt').fill('guest@example.com');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 2, name: 'Payment method' }).waitFor();
  await page.locator('iframe.hosted-fields').waitFor();
  expect(await offered(page)).toEqual({ radios: 0, forms: ['Bank account details'], cardsAccepted: false });
  await expectNoSeriousAccessibilityViolations(page);

  await fillBankAccount(page, 'Ana Gutierrez');
  await frameSettled(page);
  await page.getByRole('button', { name: 'Pay $20.00' }).click();
  await page.getByRole('heading', { level: 1, name: 'Thank you: your payment is received' }).waitFor();
  await page.getByRole('main').getByText('Bank account ending 6789').waitFor();
  env.tab.expectNoConsoleErrors();
}, 120_000);

it('a signed-in resident of such a city is offered a new bank account to pay with and to save, never a card, not even the one they saved', async () => {
  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, RESIDENT);
  await page.getByRole('checkbox', { name: `Pay account ${ACCOUNT}` }).check();
  await page.getByLabel(`Amount for account ${ACCOUNT}`).fill('15.00');
  await page.getByRole('button', { name: 'Pay selected accounts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pay your accounts' }).waitFor();
  await page.locator('iframe.hosted-fields').waitFor();
  expect(await offered(page)).toEqual({ radios: 0, forms: ['Bank account details'], cardsAccepted: false });
  await expectNoSeriousAccessibilityViolations(page);

  await openResidentPage(page, 'Saved payment methods');
  const adding = page.getByRole('region', { name: 'Add a payment method' });
  await adding.getByRole('button', { name: 'Add a bank account' }).waitFor();
  expect(await adding.getByRole('button').allInnerTexts()).toEqual(['Add a bank account']);
  env.tab.expectNoConsoleErrors();
}, 120_000);
