import { GOOD_PASSWORD, registerCustomer } from '../customers/customer-api';
import { platformInBrowser, type Page } from './browser';
import { CITIES, cityUrl } from './web-pages';
import { waitUntil } from './console-staff';

/*
 * A registered resident's forms when the API refuses more tries (RATE_LIMITED,
 * with how long to wait, in the page's language): linking an account with
 * wrong proofs (5 failures per account in 15 minutes), and changing the email
 * with wrong current passwords. The form says to wait, not that the page
 * could not be loaded (which would have the resident keep trying). Each test
 * has a resident of its own: the limits outlast a test.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

/** Registers a Norwalk resident through the API and signs them in on the page. */
async function signInNew(page: Page, email: string): Promise<void> {
  await registerCustomer(env.platform.client.asTenant('norwalk'), { email });
  await page.goto(`${cityUrl(env.platform, NORWALK, '/')}sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
}

/** The answers to a GraphQL operation (by name) as the tab receives them, in order. */
function answersTo(page: Page, operationName: string): string[] {
  const answers: string[] = [];
  page.on('response', async (response) => {
    if ((response.request().postData() ?? '').includes(`"operationName":"${operationName}"`)) answers.push(await response.text());
  });
  return answers;
}

/** Submits with `send` until the API answers RATE_LIMITED (at most `tries` times), then the alert the page shows. */
async function tryUntilRefused(page: Page, answers: readonly string[], tries: number, send: (attempt: number) => Promise<void>): Promise<string> {
  for (let attempt = 1; attempt <= tries && !answers.at(-1)?.includes('RATE_LIMITED'); attempt++) {
    const before = answers.length;
    await send(attempt);
    await waitUntil(`attempt ${attempt} is answered`, async () => answers.length > before, 15_000);
  }
  expect(answers.at(-1)).toContain('RATE_LIMITED');
  return page
    .getByRole('alert')
    .filter({ hasText: /Too many attempts|could not be loaded/ })
    .innerText();
}

it('after too many wrong house numbers, the link form says to wait, not that the page could not be loaded', async () => {
  const { page } = env.tab;
  await signInNew(page, 'linker@norwalk.example');
  const link = page.getByRole('region', { name: 'Link an account' });
  const said = await tryUntilRefused(page, answersTo(page, 'AccountLink'), 7, async (attempt) => {
    await link.getByLabel('Account number').fill('10-1004-00');
    await link.getByLabel('House number of the service address').fill(String(90000 + attempt));
    await link.getByRole('button', { name: 'Link account' }).click();
  });
  expect(said).toMatch(/Too many attempts\. Please wait (\d+ minutes|a minute) and try again\./);
});

it('after too many wrong current passwords for a new email, the profile says to wait, not that the page could not be loaded', async () => {
  const { page } = env.tab;
  await signInNew(page, 'mover@norwalk.example');
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Profile', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
  const said = await tryUntilRefused(page, answersTo(page, 'AccountUpdateProfile'), 7, async (attempt) => {
    await page.getByLabel('Email', { exact: true }).fill('moved@norwalk.example');
    await page.getByLabel('Current password').fill(`not my password ${attempt}`);
    await page.getByRole('button', { name: 'Save profile' }).click();
  });
  expect(said).toMatch(/Too many attempts\. Please wait (\d+ minutes|a minute) and try again\./);
});
