import { FixedClock } from '@platform/testkit';
import { RUN_AUTOPAY, CARDS, at, enroll, myAccounts, newCustomer, saveCard, type Customer, enrolAutopay } from '../autopay/autopay-api';
import { signInStaff } from '../billing/billing-api';
import { changeCitySettings } from '../tenants/city-settings';
import { GOOD_PASSWORD } from '../customers/customer-api';
import { platformInBrowser, type Page } from './browser';
import { CITIES, cityUrl } from './web-pages';

/*
 * Auto Pay on the portal (Norwalk) past the first enrolment: a resident
 * whose autopay suspended itself (the card expired before November's
 * deduction) resumes it with a new card; and two residents of one house
 * link the same account: the one who enrols may change it, the other is
 * told whose it is, until the first moves out and unlinks the account, when
 * the one who stays enrols in its place.
 */
const clock = new FixedClock(new Date('2026-10-10T18:00:00Z'));
const env = platformInBrowser({ clock });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;
const SUSPENDED_ACCOUNT = '10-1003-00';
const SHARED_ACCOUNT = '10-1001-00';
let suspended: Customer;
let leaver: Customer;
let stayer: Customer;

beforeAll(async () => {
  // Enrolled in October with a Visa that expires in October: the November run suspends autopay (CARD_EXPIRED).
  suspended = await newCustomer(env.platform, { email: 'suspended.resident@example.com', accounts: [SUSPENDED_ACCOUNT], expMonth: 10, expYear: 2026 });
  const me = await suspended.client();
  expect((await enroll(me, { serviceAccountId: suspended.accounts[SUSPENDED_ACCOUNT]!, paymentMethodId: suspended.cardId })).userErrors).toEqual([]);
  await saveCard(env.platform, me, CARDS.mastercard, 12, 2030);
  at(clock, '2026-11-15T18:00:00Z');
  await (await signInStaff(env.platform, 'norwalk', 'ADMIN')).data(RUN_AUTOPAY, { date: '2026-11-15' });
  expect((await myAccounts(await suspended.client()))[SUSPENDED_ACCOUNT]!.autopay).toMatchObject({ status: 'SUSPENDED', suspendedReason: 'CARD_EXPIRED' });

  // Back to the browser's today, so the sessions the platform hands out are current to the page.
  clock.set(new Date());
  leaver = await newCustomer(env.platform, { email: 'leaver@example.com', accounts: [SHARED_ACCOUNT] });
  stayer = await newCustomer(env.platform, { email: 'stayer@example.com', accounts: [SHARED_ACCOUNT] });
  await enrolAutopay(leaver, leaver.accounts[SHARED_ACCOUNT]!);
});

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${cityUrl(env.platform, NORWALK, '/')}sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
}

async function autopayOf(page: Page, accountNumber: string) {
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Auto Pay', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Auto Pay' }).waitFor();
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Account ${accountNumber}` }) });
}

describe('a suspended Auto Pay', () => {
  it('is shown as suspended on the accounts page, not as "Not Enrolled"', async () => {
    const { page } = env.tab;
    await signIn(page, suspended.email);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Account ${SUSPENDED_ACCOUNT}` }) });
    await expect(card.locator('dt', { hasText: 'Auto Pay' }).locator('xpath=following-sibling::dd[1]').innerText()).resolves.toBe('Suspended');
  });

  it('says why, and is resumed from Edit with a new card (Stop offered beside it)', async () => {
    const { page } = env.tab;
    await signIn(page, suspended.email);
    const card = await autopayOf(page, SUSPENDED_ACCOUNT);
    await expect(card.locator('.autopay-status').innerText()).resolves.toBe('Suspended');
    await card.getByText('Auto Pay is suspended because the card has expired.', { exact: false }).waitFor();
    expect(await card.getByRole('button', { name: 'Enroll' }).count()).toBe(0);

    await card.getByRole('button', { name: 'Edit' }).click();
    await card.getByRole('button', { name: 'Stop Auto Pay' }).waitFor();
    await card.getByRole('radio', { name: 'Mastercard ending 4 4 4 4' }).check();
    await card.getByRole('button', { name: 'Save changes' }).click();
    // The notice of what resuming covers (this month or from the next, by the day the test runs), then the account read again.
    await card.getByRole('status').waitFor();
    await card.locator('.autopay-status', { hasText: /^Enrolled$/ }).waitFor();
    expect(await card.getByText('Auto Pay is suspended', { exact: false }).count()).toBe(0);
    // The card it now pays with, its last four said one by one ("four thousand four hundred forty-four" before).
    await card.getByRole('definition').filter({ hasText: 'Mastercard ending 4444' }).waitFor();
    expect(await card.ariaSnapshot()).toMatch(/definition: Mastercard ending 4 4 4 4\n/);
    expect((await myAccounts(await suspended.client()))[SUSPENDED_ACCOUNT]!.autopay).toMatchObject({ status: 'ENROLLED', suspendedReason: null, method: { last4: '4444' } });
  });
});

describe('a house of two residents', () => {
  it('shows the one who did not enrol whose Auto Pay it is, and offers them no Edit or Stop', async () => {
    const { page } = env.tab;
    await signIn(page, stayer.email);
    const card = await autopayOf(page, SHARED_ACCOUNT);
    await card.getByText('Another member of your household set up Auto Pay for this account: only they can change or stop it.').waitFor();
    await expect(card.locator('.autopay-status').innerText()).resolves.toBe('Enrolled');
    expect(await card.getByRole('button').count()).toBe(0);
  });

  it('lets the one who stays enrol once the one who enrolled has unlinked the account', async () => {
    const unlinked = await (
      await leaver.client()
    ).data<{ unlinkServiceAccount: { userErrors: unknown[] } }>('mutation U($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { code } } }', {
      id: leaver.accounts[SHARED_ACCOUNT],
    });
    expect(unlinked.unlinkServiceAccount.userErrors).toEqual([]);

    const { page } = env.tab;
    await signIn(page, stayer.email);
    const card = await autopayOf(page, SHARED_ACCOUNT);
    await expect(card.locator('.autopay-status').innerText()).resolves.toBe('Not Enrolled');
    expect(await card.getByText('Next deduction').count()).toBe(0);
    await card.getByRole('button', { name: 'Enroll' }).click();
    await card.getByRole('radio', { name: 'Visa ending 4 2 4 2' }).check();
    await card.getByRole('button', { name: 'Enroll in Auto Pay' }).click();
    await card.getByRole('status').waitFor();
    await card.locator('.autopay-status', { hasText: /^Enrolled$/ }).waitFor();
    expect(await card.getByText('Another customer', { exact: false }).count()).toBe(0);
    expect((await myAccounts(await stayer.client()))[SHARED_ACCOUNT]!.autopay).toMatchObject({ status: 'ENROLLED', method: { id: stayer.cardId } });
  });
});

describe('a city deducting at month end', () => {
  it('tells the resident a shorter month is charged on its last day', async () => {
    const { page } = env.tab;
    await changeCitySettings(env.platform, 'norwalk', { autopayRules: { deductionDay: 31 } });
    try {
      await signIn(page, stayer.email);
      await autopayOf(page, SHARED_ACCOUNT);
      await page.getByText('Auto Pay takes the amount due from a saved method on day 31 of each month, or on the last day of a shorter month.').waitFor();
    } finally {
      await changeCitySettings(env.platform, 'norwalk', { autopayRules: { deductionDay: 15 } });
    }
  });
});
