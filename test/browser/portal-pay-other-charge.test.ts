import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { importCsv, signInStaff } from '../billing/billing-api';
import { platformInBrowser, type Page } from './browser';
import { switchToSpanish } from './portal-pages';
import { CITIES, cityUrl, fillCard, frameSettled, hostedFields, seenTexts } from './web-pages';

/*
 * Norman's portal "takes utility bills, citations and other payments": a
 * resident holding a notice for another charge (payable kind OTHER) pays it
 * by its number, as a citation is paid, in English or Spanish; a city that
 * takes no such charges is not offered the way.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK, NORMAN] = CITIES;

/** Clicks a button below the processor's frame, once Chromium has hit-tested the scrolled frame anew. */
async function press(page: Page, name: string): Promise<void> {
  const button = page.getByRole('button', { name });
  await button.scrollIntoViewIfNeeded();
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await button.click();
}

async function receiptFacts(page: Page): Promise<Record<string, string>> {
  await page.getByRole('heading', { level: 2, name: /Receipt|Recibo/ }).waitFor();
  const terms = await page.locator('.receipt dl.facts dt').allInnerTexts();
  const details = await seenTexts(page.locator('.receipt dl.facts dd'));
  return Object.fromEntries(terms.map((term, index) => [term, details[index] ?? '']));
}

beforeAll(async () => {
  const staff = await signInStaff(env.platform, 'norman', 'SUPPORT');
  const imported = await importCsv(
    staff,
    [
      'bill_number,account_number,kind,issue_date,due_date,other,description',
      'OTH-5501,2004-2650,OTHER,2026-11-01,2026-12-01,35.00,Bulk trash pickup',
      'OTH-5502,2004-2650,OTHER,2026-11-01,2026-12-01,12.00,Meter test',
    ].join('\n'),
  );
  expect(imported.imported).toBe(2);
}, 120_000);

it('pays a Norman charge other than a bill or a citation by the number on its notice', async () => {
  const { page } = env.tab;
  await page.goto(cityUrl(env.platform, NORMAN, '/'));
  await page.getByRole('button', { name: 'Pay another charge' }).click();
  await page.getByRole('heading', { level: 1, name: 'Find your charge' }).waitFor();
  await page.getByLabel('Notice number').fill('oth 5501');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Check the amount' }).waitFor();
  const step2 = await page.getByRole('main').innerText();
  expect(step2).toContain('OTH-5501');
  expect(step2).toContain('Bulk trash pickup');
  expect(step2).not.toMatch(/citation/i);
  expect(await page.getByLabel('Payment amount').inputValue()).toBe('35.00');

  await page.getByLabel('Payment amount').fill('35.01');
  await page.getByLabel('Email for your receipt').fill('charge@example.com');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('alert').filter({ hasText: 'A charge can be paid up to what is still owed: $35.00.' }).waitFor();
  await page.getByLabel('Payment amount').fill('35.00');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pay' }).waitFor();
  await fillCard(hostedFields(page), { number: SANDBOX_TEST_CARDS.visa, name: 'Pat Guest' });
  await frameSettled(page);
  await press(page, 'Pay $35.00');
  expect((await receiptFacts(page))['Paid to']).toBe('Charge OTH-5501 (account ****-2650): $35.00');
  // A screen reader is told the account's last four one by one, not "star star star star dash two thousand six hundred fifty".
  expect(await page.getByRole('region', { name: 'Receipt', exact: true }).ariaSnapshot()).toContain('listitem: "Charge OTH-5501 (account ending in 2 6 5 0): $35.00"');
  env.tab.expectNoConsoleErrors();
});

it('is offered only where the city takes such charges, and in Spanish where the city speaks it', async () => {
  const { page } = env.tab;
  // Norwalk takes utility bills alone.
  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await page.getByRole('button', { name: 'Pay a bill' }).waitFor();
  expect(await page.getByRole('button', { name: /another charge/ }).count()).toBe(0);

  // Once it takes other charges too, a Spanish-speaking resident pays one by its notice's number.
  const changed = await env.platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
    'mutation { updateTenant(slug: "norwalk", input: { paymentRules: { payableKinds: [UTILITY_BILL, OTHER] } }) { userErrors { code } } }',
  );
  expect(changed.updateTenant.userErrors).toEqual([]);
  const staff = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
  expect(
    (await importCsv(staff, ['bill_number,account_number,kind,issue_date,due_date,other,description', 'OTH-7701,10-1004-00,OTHER,2026-11-01,2026-12-01,18.00,Meter test'].join('\n'))).imported,
  ).toBe(1);
  await page.goto(cityUrl(env.platform, NORWALK, '/'));
  await switchToSpanish(page);
  await page.getByRole('button', { name: 'Pagar otro cargo' }).click();
  await page.getByRole('heading', { level: 1, name: 'Busque su cargo' }).waitFor();
  expect(await page.getByRole('main').innerText()).toContain('Escriba el número impreso en el aviso del cargo.');
  await page.getByLabel('Número del aviso').fill('OTH-7701');
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.getByRole('heading', { level: 1, name: 'Revise el monto' }).waitFor();
  const step2 = await page.getByRole('main').innerText();
  expect(step2).toContain('Su cargo');
  expect(step2).toContain('Meter test');
  env.tab.expectNoConsoleErrors();
});
