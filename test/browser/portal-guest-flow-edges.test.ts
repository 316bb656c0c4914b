import { platformInBrowser, type Page } from './browser';
import { sidewaysOverflow } from './overflow';
import { CITIES, cityUrl, fieldDescription, focused, loseAnswers } from './web-pages';

/*
 * The guest flow where it goes off the straight path: data or the processor's
 * form that does not load, a switch of language with errors shown, Back and
 * Cancel, a phone's narrow screen, and the document's title at each step.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK, NORMAN] = CITIES;
const form = (page: Page) => page.frameLocator('iframe.hosted-fields');

async function toStep3(page: Page, email: string): Promise<void> {
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  await page.getByLabel('Account number').fill('10-1001-00');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Check the amount' }).waitFor();
  await page.getByLabel('Payment amount').fill('25.00');
  await page.getByLabel('Email for your receipt').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pay' }).waitFor();
}

it('home page: when the city facts fail to load, says so and offers Try again (instead of Loading… forever)', async () => {
  const { page } = env.tab;
  await loseAnswers(page, 'PortalHome');
  await page.goto(cityUrl(env.platform, NORMAN, '/'));
  await page.getByRole('heading', { level: 1 }).waitFor();
  const failed = page.getByRole('alert').filter({ hasText: 'The page could not be loaded' });
  await failed.waitFor({ timeout: 5000 }).catch(() => undefined);
  const main = await page.getByRole('main').innerText();
  expect({ alertShown: await failed.count(), stillLoading: main.includes('Loading…') }).toEqual({ alertShown: 1, stillLoading: false });
  await failed.getByRole('button', { name: 'Try again' }).click();
  // Norman takes citations: the button appears once the facts load.
  await page.getByRole('button', { name: 'Pay a citation' }).waitFor();
  expect(await page.getByRole('alert').count()).toBe(0);
});

it("gives each city's payers an example account number in their city's own format, in English and Spanish", async () => {
  const { page } = env.tab;
  await page.goto(cityUrl(env.platform, NORMAN, '/'));
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  const norman = await fieldDescription(page, 'Account number');
  expect(norman).toContain('At the top of your bill, for example 2005-0123.');
  // Norwalk's format (10-1001-00) is no example of a Norman account number.
  expect(norman).not.toMatch(/\d{2}-\d{4}-\d{2}/);

  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  expect(await fieldDescription(page, 'Account number')).toContain('At the top of your bill, for example 10-2345-00.');
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { level: 1, name: 'Busque su cuenta' }).waitFor();
  expect(await fieldDescription(page, 'Número de cuenta')).toContain('Arriba en su factura, por ejemplo 10-2345-00.');
});

it('step 1 errors follow the page into Spanish when the payer switches language', async () => {
  const { page } = env.tab;
  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('alert').getByText('Enter your account number.').first().waitFor();
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { level: 1, name: 'Busque su cuenta' }).waitFor();
  const alert = await page.getByRole('alert').innerText();
  expect(alert).toContain('Hay un problema');
  expect(alert).toContain('Escriba su número de cuenta.');
  expect(alert).not.toContain('Enter your account number.');
});

it('a step-1 error the server wrote in English does not stay on the page switched to Spanish; sent again, it comes in Spanish', async () => {
  const { page } = env.tab;
  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  await page.getByLabel('Account number').fill('99-9999-99');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('alert').getByText('We could not find an account with that number.').first().waitFor();
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { level: 1, name: 'Busque su cuenta' }).waitFor();
  // The server's words go with the old language (asking again on its own could spend a look-up the city limits); what was typed stays.
  expect(await page.getByRole('main').innerText()).not.toContain('We could not find an account with that number.');
  expect(await page.getByLabel('Número de cuenta').inputValue()).toBe('99-9999-99');
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.getByRole('alert').getByText('No encontramos una cuenta con ese número.').first().waitFor();
});

/** Expects the document's title to be `expected`, given a moment: it is set just after the page draws. */
async function expectTitle(page: Page, expected: string): Promise<void> {
  await page.waitForFunction(`document.title === ${JSON.stringify(expected)}`, undefined, { timeout: 2000 }).catch(() => undefined);
  expect(await page.title()).toBe(expected);
}

it('names the step or page in the document’s title, with “Error:” first while an error summary shows (WCAG 2.4.2)', async () => {
  const { page } = env.tab;
  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  await page.getByRole('heading', { level: 1, name: 'Find your account' }).waitFor();
  await expectTitle(page, 'Step 1 of 3: Find your account · Pay your utility bill · City of Norwalk');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('alert').waitFor();
  await expectTitle(page, 'Error: Step 1 of 3: Find your account · Pay your utility bill · City of Norwalk');
  await page.getByLabel('Account number').fill('10-1001-00');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Check the amount' }).waitFor();
  await expectTitle(page, 'Step 2 of 3: Check the amount · Pay your utility bill · City of Norwalk');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in to your account' }).waitFor();
  await expectTitle(page, 'Sign in to your account · Pay your utility bill · City of Norwalk');
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('heading', { level: 1, name: 'Inicie sesión en su cuenta' }).waitFor();
  await expectTitle(page, 'Inicie sesión en su cuenta · Pague su factura de servicios · City of Norwalk');
});

it('Back from step 2 keeps the account number the payer typed at step 1', async () => {
  const { page } = env.tab;
  await page.goto(cityUrl(env.platform, NORMAN, '/'));
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  await page.getByLabel('Account number').fill('2001-0417');
  await page.getByLabel('Last payment amount').fill('100.65');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Check the amount' }).waitFor();
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('heading', { level: 1, name: 'Find your account' }).waitFor();
  expect({ account: await page.getByLabel('Account number').inputValue(), lastPayment: await page.getByLabel('Last payment amount').inputValue() }).toEqual({
    account: '2001-0417',
    lastPayment: '100.65',
  });
});

it('step 3 with a long receipt email does not scroll sideways on a phone', async () => {
  const { page } = env.tab;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await toStep3(page, 'guadalupe.hernandezrodriguez@sbcglobal.net');
  await form(page).getByLabel('Card number').waitFor();
  expect(await sidewaysOverflow(page)).toEqual({ width: 390, culprits: [] });
});

it('says so, and lets the payer go back, when the processor’s card form cannot load (Pay does not hang); Try again loads it', async () => {
  const { page } = env.tab;
  // The processor's form does not load (an outage, a network or content filter that blocks its host).
  const blocked = '**/v1/hosted-fields**';
  await page.route(blocked, (route) => route.abort('connectionrefused'));
  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await toStep3(page, 'guest@example.com');
  await page.getByRole('button', { name: 'Pay $25.00' }).click();
  const told = page.getByRole('alert');
  await told
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(() => undefined);
  const buttons = await page
    .getByRole('button')
    .evaluateAll((els) => els.map((el) => `${(el as unknown as { textContent: string }).textContent}${(el as unknown as { disabled: boolean }).disabled ? ' (disabled)' : ''}`));
  expect({ alerts: await told.allInnerTexts(), buttons }).toEqual({
    alerts: [expect.stringContaining('The card form could not be loaded')],
    buttons: expect.arrayContaining(['Back', 'Pay $25.00', 'Try again']),
  });
  // The payer, who pressed Pay, is taken to what stopped it.
  expect(await focused(page)).toContain('The card form could not be loaded');

  // The processor is back: Try again loads the form in the page, and nothing typed at the earlier steps is lost.
  await page.unroute(blocked);
  await told.getByRole('button', { name: 'Try again' }).click();
  await form(page).getByLabel('Card number').waitFor();
  expect({ alerts: await page.getByRole('alert').count(), summary: await page.getByRole('region', { name: 'Your payment' }).innerText() }).toEqual({
    alerts: 0,
    summary: expect.stringContaining('guest@example.com'),
  });
}, 60_000);

it('a card form that says it is ready only after the wait for it is shown when it does (a slow phone), not left as “could not be loaded”', async () => {
  const { page } = env.tab;
  // The processor's form starts its script 6 s after it loads: later than the wait after the frame's load event.
  const slow = '**/v1/hosted-fields**';
  await page.route(slow, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(/runHostedFields\(window, (.*)\);/, 'setTimeout(() => runHostedFields(window, $1), 6000);');
    const headers = { ...response.headers(), 'content-security-policy': response.headers()['content-security-policy']!.replace(/script-src '[^']*'/, "script-src 'unsafe-inline'") };
    await route.fulfill({ response, body, headers });
  });
  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await toStep3(page, 'guest@example.com');
  // Said not loaded while it is silent, then the form itself once it says it is ready.
  const told = page.getByRole('alert').filter({ hasText: 'The card form could not be loaded' });
  await told.waitFor();
  await told.waitFor({ state: 'detached' });
  await form(page).getByLabel('Card number').waitFor();
  expect({ alerts: await page.getByRole('alert').count(), frameShown: await page.locator('iframe.hosted-fields').isVisible() }).toEqual({ alerts: 0, frameShown: true });
  await page.unroute(slow);
}, 60_000);

it('Cancel at step 1 leaves the keyboard focus on the home page, not dropped to the document', async () => {
  const { page } = env.tab;
  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  await page.getByRole('heading', { level: 1, name: 'Find your account' }).waitFor();
  await page.getByRole('button', { name: 'Cancel' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Pay a bill' }).waitFor();
  expect(await focused(page)).toBe('H1: Pay your utility bill');
});
