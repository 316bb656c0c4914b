import { SANDBOX_TEST_CARDS, listSandboxCharges } from '@platform/processor-sandbox';
import { TEST_PROCESSOR_SECRET_KEY } from '@platform/testkit';
import { GOOD_PASSWORD } from '../customers/customer-api';
import { linkedResident } from '../customers/linked-resident';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, type Page } from './browser';
import { CITIES, cityUrl, mutationInputs, fillCard } from './web-pages';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * The city changes its convenience fee while a payer has the total on
 * screen, in real Chromium: Pay is refused with the new fee and total, nothing
 * is charged, the page shows the new total, and the next Pay charges it once.
 * On both pay pages: a guest's step 3 and a signed-in resident's payment.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK, NORMAN] = CITIES;

const form = (page: Page) => page.frameLocator('iframe.hosted-fields');
const charges = () => listSandboxCharges(env.platform.processorUrl, TEST_PROCESSOR_SECRET_KEY);

/** A city's fee policy, changed through the platform operator's API (behind the payer's back). */
const setConvenienceFee = (slug: string, convenienceFee: Record<string, unknown>) => changeCitySettings(env.platform, slug, { paymentRules: { convenienceFee } });

/** Types a test Visa into the processor's frame and waits for the frame to settle at its form's height (see portal-pay.test.ts). */
async function typeCard(page: Page): Promise<void> {
  const fields = form(page);
  await fillCard(fields, { number: SANDBOX_TEST_CARDS.visa, name: 'Pat Payer' });
  const frameHeight = () => page.locator('iframe.hosted-fields').evaluate((frame) => Math.round((frame as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height));
  const formHeight = () => fields.locator('body').evaluate((body) => Math.ceil((body as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height));
  for (let attempt = 0; attempt < 50 && (await frameHeight()) !== (await formHeight()); attempt++) await page.waitForTimeout(50);
}

/** Clicks a button below the processor's frame once Chromium has hit-tested the moved frame anew (see portal-pay.test.ts). */
async function press(page: Page, name: string): Promise<void> {
  const button = page.getByRole('button', { name });
  await button.scrollIntoViewIfNeeded();
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await button.click();
}

/** The payment summary's facts as a person reads them (term -> description). */
async function summaryFacts(page: Page): Promise<Record<string, string | undefined>> {
  const summary = page.getByRole('region', { name: 'Your payment' });
  const terms = await summary.getByRole('term').allInnerTexts();
  const details = await summary.getByRole('definition').allInnerTexts();
  return Object.fromEntries(terms.map((term, index) => [term, details[index]]));
}

/**
 * From a page showing `shown` on Pay: the fee goes up to $2.50 behind the
 * payer's back, Pay is refused with the new total and charges nothing, the
 * page shows the new total, and Pay again charges `next` once. Answers what
 * the page sent to makePayment.
 */
async function payThroughAFeeChange(page: Page, operation: string, city: string, shown: string, next: string): Promise<Record<string, unknown>[]> {
  const bodies: string[] = [];
  page.on('request', (request) => bodies.push(`${request.url()} ${request.postData() ?? ''}`));
  await page.getByRole('button', { name: `Pay ${shown}` }).waitFor();
  await setConvenienceFee(city, { kind: 'FLAT', amount: '2.50' });
  await typeCard(page);
  const before = await charges();
  await press(page, `Pay ${shown}`);

  const alert = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await alert.waitFor();
  expect(await alert.innerText()).toContain(`is ${next}, with a convenience fee of $2.50, not the ${shown} confirmed. Nothing was charged. Please check the total and confirm again.`);
  await page.getByRole('button', { name: `Pay ${next}` }).waitFor();
  expect(await summaryFacts(page)).toMatchObject({ 'Convenience fee': '$2.50', Total: next });
  expect(await charges()).toHaveLength(before.length);
  await expectNoSeriousAccessibilityViolations(page);

  await press(page, `Pay ${next}`);
  await page.getByRole('heading', { level: 2, name: 'Receipt' }).waitFor();
  expect((await charges()).slice(before.length).map((charge) => [charge.amount, charge.status])).toEqual([[next.replace(/\D/g, ''), 'CAPTURED']]);
  return mutationInputs(bodies, operation);
}

it('a guest shown a total before the city raised its fee is refused with the new total, charged nothing, and then charged the new total once (Norwalk)', async () => {
  await setConvenienceFee('norwalk', { kind: 'FLAT', amount: '1.00' });
  try {
    const { page } = env.tab;
    await page.goto(cityUrl(env.platform, NORWALK, '/'));
    await page.getByRole('button', { name: 'Pay a bill' }).click();
    await page.getByLabel('Account number').fill('10-1001-00');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Payment amount').fill('20.00');
    await page.getByLabel('Email for your receipt').fill('guest@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await form(page).getByLabel('Card number').waitFor();
    expect(await summaryFacts(page)).toMatchObject({ 'Convenience fee': '$1.00', Total: '$21.00' });

    const sent = await payThroughAFeeChange(page, 'PortalMakePayment', 'norwalk', '$21.00', '$22.50');
    expect(await page.getByRole('heading', { level: 1, name: 'Thank you: your payment is received' }).isVisible()).toBe(true);
    // Each Pay sent the total it showed; the refused attempt charged nothing, so the second is a new attempt under a new key.
    expect(sent.map((input) => input.confirmedTotal)).toEqual(['21.00', '22.50']);
    expect(new Set(sent.map((input) => input.idempotencyKey)).size).toBe(2);
    env.tab.expectNoConsoleErrors();
  } finally {
    await setConvenienceFee('norwalk', { kind: 'NONE' });
  }
});

it('a signed-in resident paying a linked account gets the same: refused with the new total, then charged it once (Norman)', async () => {
  const resident = { username: 'fee_resident', email: 'fee@norman.example', name: 'Fee Resident', phone: '405-555-0178' };
  await linkedResident(env.platform, 'norman', resident, '2004-2650', { lastPaymentAmount: '120.00' });
  await setConvenienceFee('norman', { kind: 'FLAT', amount: '1.50' });
  try {
    const { page } = env.tab;
    await page.goto(cityUrl(env.platform, NORMAN, '/').replace('/?', '/sign-in?'));
    await page.getByLabel('Username').fill(resident.username);
    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('checkbox', { name: 'Pay account 2004-2650' }).check();
    await page.getByLabel('Amount for account 2004-2650').fill('12.00');
    await page.getByRole('button', { name: 'Pay selected accounts' }).click();
    await form(page).getByLabel('Card number').waitFor();

    const sent = await payThroughAFeeChange(page, 'AccountPay', 'norman', '$13.50', '$14.50');
    expect(sent.map((input) => input.confirmedTotal)).toEqual(['13.50', '14.50']);
    expect(new Set(sent.map((input) => input.idempotencyKey)).size).toBe(2);
    env.tab.expectNoConsoleErrors();
  } finally {
    await setConvenienceFee('norman', { kind: 'NONE' });
  }
});
