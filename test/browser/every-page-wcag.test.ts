import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { newCustomer } from '../autopay/autopay-api';
import { registerCustomer } from '../customers/customer-api';
import { platformInBrowser, wcagViolations, type Locator, type Page } from './browser';
import { goToAccounts, openAccount } from './console-account-pages';
import { guestPays, signInAs } from './console-staff';
import { sidewaysOverflow } from './overflow';
import { openResidentPage, signInResident } from './portal-pages';
import { CITIES, cityUrl, fillCard, frameSettled, hostedFields, type City } from './web-pages';

/*
 * What a city's ADA coordinator audits before buying: every page of the portal and the console, in its main states
 * (empty, filled, refused, a dialog open), in English and in Spanish, against every WCAG 2.0/2.1/2.2 A and AA rule
 * axe-core knows, whatever the rule's impact. Each state is checked, switched to Español and checked again, then
 * switched back (its document title must follow the language); each is also laid out at 320 CSS px, where nothing may need scrolling sideways (1.4.10); every violation found is listed at the end, by page, state and language, so one run shows them all.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

const NARROW = { width: 320, height: 640 };
const DESKTOP = { width: 1280, height: 800 };

/** Violations found so far, as "<state> [<language>]: <rule> at <elements>". */
type Found = string[];

async function drawn(page: Page): Promise<void> {
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
}

/**
 * Checks the page as it is, in English and in Spanish, and leaves it in English. A modal dialog keeps the language
 * switch out of reach: it is closed with Escape, and `reopen` (by words that do not depend on the language) brings the
 * state back in Spanish.
 */
async function audit(page: Page, found: Found, state: string, reopen?: () => Promise<void>): Promise<void> {
  await check(page, found, `${state} [en]`);
  const title = await page.title();
  if (reopen) await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Español' }).click();
  await page.waitForFunction(`document.documentElement.lang === 'es'`);
  await page.waitForLoadState('networkidle');
  if (reopen) await reopen();
  await check(page, found, `${state} [es]`);
  // 2.4.2 and 3.1.1: the document's title names the page in the page's language, as its heading does.
  if ((await page.title()) === title) found.push(`${state} [es]: the document's title stays "${title}" in Spanish`);
  if (reopen) await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForFunction(`document.documentElement.lang === 'en'`);
  await page.waitForLoadState('networkidle');
  await drawn(page);
}

/**
 * The WCAG rules at the desktop size, then reflow (1.4.10) at 320 CSS px, a 1280px screen zoomed to 400%: nothing
 * that needs scrolling sideways to read, on the portal as on the console.
 */
async function check(page: Page, found: Found, state: string): Promise<void> {
  await drawn(page);
  for (const violation of await wcagViolations(page)) found.push(`${state}: ${violation}`);
  await page.setViewportSize(NARROW);
  await drawn(page);
  const { width, culprits } = await sidewaysOverflow(page);
  if (width > NARROW.width) found.push(`${state}: ${width}px wide at 320px (1.4.10 reflow): ${culprits.join('; ')}`);
  await page.setViewportSize(DESKTOP);
  await drawn(page);
}

async function signOutResident(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForURL((url) => !url.pathname.startsWith('/account'));
}

async function portal(page: Page, city: City, path: string): Promise<void> {
  await page.goto(`${cityUrl(env.platform, city, '/')}${path.replace(/^\//, '')}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

it('the resident portal, a guest payment from home to receipt, and the registered pages have no WCAG A/AA violation in either language', async () => {
  const { page } = env.tab;
  const found: Found = [];

  await portal(page, NORWALK, '/');
  await audit(page, found, 'portal home');
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  await page.getByRole('heading', { level: 1, name: 'Find your account' }).waitFor();
  await audit(page, found, 'guest step 1');
  /** Presses Continue, waits until what it leads to is shown (the next step, or the error summary), and audits that. */
  const continueTo = async (state: string, shown: Locator) => {
    await page.getByRole('button', { name: 'Continue' }).click();
    await shown.waitFor();
    await audit(page, found, state);
  };
  await continueTo('guest step 1 refused', page.getByRole('alert').first());
  await page.getByLabel('Account number').fill('10-1001-00');
  await continueTo('guest step 2', page.getByRole('heading', { level: 1, name: 'Check the amount' }));
  await page.getByLabel('Email for your receipt').fill('not an email');
  await continueTo('guest step 2 refused', page.getByRole('alert').first());
  await page.getByLabel('Email for your receipt').fill('guest@example.com');
  await continueTo('guest step 3 with the processor’s card fields', hostedFields(page).getByLabel('Card number'));
  await fillCard(hostedFields(page), { number: SANDBOX_TEST_CARDS.visa, name: 'Pat Guest' });
  await frameSettled(page);
  await page.getByRole('button', { name: /^Pay \$/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Thank you: your payment is received' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Status: Paid' }).waitFor();
  await audit(page, found, 'guest receipt');

  for (const path of ['/sign-in', '/register', '/forgot-password', '/reset-password', '/verify-email']) {
    await portal(page, NORWALK, path);
    await audit(page, found, `portal ${path}`);
    const submit = page.locator('main form button[type=submit]').first();
    if ((await submit.count()) > 0 && (await submit.isEnabled())) {
      await submit.click();
      await page.getByRole('alert').first().waitFor();
      await audit(page, found, `portal ${path} refused`);
    }
  }

  const email = 'audited.resident@example.com';
  await registerCustomer(env.platform.client.asTenant('norwalk'), { email, name: 'Ada Auditor' });
  await signInResident(env.platform, page, NORWALK, email);
  await audit(page, found, 'portal Your accounts (none linked)');
  await signOutResident(page);
  await newCustomer(env.platform, { email: 'audited.payer@example.com', accounts: ['10-1003-00'] });
  await signInResident(env.platform, page, NORWALK, 'audited.payer@example.com');
  await audit(page, found, 'portal Your accounts (one linked, a card saved)');
  const residentNav = page.getByRole('navigation', { name: 'Your account' });
  for (const name of await residentNav.getByRole('link').allInnerTexts()) {
    if (name === 'Portal home') continue;
    await openResidentPage(page, name);
    await page.waitForLoadState('networkidle');
    await audit(page, found, `portal ${name}`);
  }

  expect(found).toEqual([]);
  // About 25 states, each audited twice (English, Spanish): 25 s alone, several times that beside a full run.
}, 300_000);

it('the staff console, every page an ADMIN sees, an account with its refund dialog open, and its sign-in page have no WCAG A/AA violation in either language', async () => {
  const { page } = env.tab;
  const found: Found = [];
  const confirmation = await guestPays(env.platform, 'norwalk', '12.00');

  await page.goto(cityUrl(env.platform, NORWALK, '/console'));
  await page.getByRole('heading', { level: 1 }).waitFor();
  await audit(page, found, 'console sign-in');
  await page.getByLabel('Email', { exact: true }).press('Enter');
  await page.getByRole('alert').first().waitFor();
  await audit(page, found, 'console sign-in refused');

  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  const nav = page.getByRole('navigation', { name: 'Console pages' });
  const names = await nav.getByRole('link').allInnerTexts();
  for (const name of names) {
    await nav.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.waitForLoadState('networkidle');
    await audit(page, found, `console ${name}`);
  }

  await nav.getByRole('link', { name: 'Payments board', exact: true }).click();
  // The payment's details, by the row's button, named with its confirmation number in either language.
  const openDetails = async () => {
    await page
      .getByRole('button', { name: new RegExp(`${confirmation}$`) })
      .first()
      .click();
    await page.getByRole('dialog').getByRole('table').first().waitFor();
  };
  await openDetails();
  await audit(page, found, 'console payment details', openDetails);

  await goToAccounts(page);
  await openAccount(page, '10-1001-00');
  await page.waitForLoadState('networkidle');
  await audit(page, found, 'console account 10-1001-00');
  // The payment's first action is Refund, in either language.
  const refundButton = page.getByRole('button', { name: new RegExp(`${confirmation}$`) }).first();
  const openRefund = async () => {
    await refundButton.click();
    await page.getByRole('dialog').waitFor();
  };
  const refuseRefund = async () => {
    await openRefund();
    await page.getByRole('dialog').getByRole('textbox').first().fill('0');
    await page.getByRole('dialog').locator('button[type=submit]').click();
    await page.getByRole('dialog').locator('[aria-invalid=true]').first().waitFor();
  };
  await openRefund();
  await audit(page, found, 'console refund dialog', openRefund);
  await refuseRefund();
  await audit(page, found, 'console refund dialog refused', refuseRefund);

  expect(found).toEqual([]);
}, 300_000);
