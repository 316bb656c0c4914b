import { signInStaff } from '../billing/billing-api';
import { VIEWER } from '../customers/customer-api';
import { VOID, newKey } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, tableRows, type Page } from './browser';
import { openCounterFormFor, signInAs } from './console-staff';
import { CITIES, fieldDescription } from './web-pages';

/*
 * Balancing the counter's drawer at the end of the day. A Norman clerk takes cash (a $50 bill for $42.50) and a check
 * at the counter page, then opens My drawer: what they took today in the city's calendar, what the drawer should hold,
 * the cash handed over and change given, and the check to hand in by its number. The city's ADMIN sees every clerk's
 * drawer by name; the clerk sees only their own. In Spanish where the city speaks it.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK, NORMAN] = CITIES;

async function takeAtCounter(page: Page, account: string, amount: string, how: { cash: string } | { check: string }): Promise<void> {
  await openCounterFormFor(page, account);
  await page.getByLabel('Amount', { exact: true }).fill(amount);
  if ('cash' in how) await page.getByLabel('Cash received', { exact: true }).fill(how.cash);
  else {
    await page.getByRole('radio', { name: 'Check' }).check();
    await page.getByLabel('Check number', { exact: true }).fill(how.check);
  }
  await page.getByLabel('Received by', { exact: true }).fill('Sally');
  await page.getByRole('button', { name: 'Record payment' }).click();
  await page.getByRole('heading', { level: 2, name: 'Payment recorded' }).waitFor();
}

const openDrawer = (page: Page) => page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'My drawer' }).click();

it("shows the clerk what their drawer should hold today, from what they took, and nobody else's", async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORMAN, 'SUPPORT');
  await takeAtCounter(page, '2001-0417', '42.50', { cash: '50' });
  // The receipt on screen (and on paper) says the cash handed over and the change, as the API kept them.
  const facts = (await page.getByRole('main').locator('dl').innerText()).replace(/\s+/g, ' ');
  expect(facts).toContain('Cash received $50.00');
  expect(facts).toContain('Change due $7.50');
  await page.getByRole('button', { name: 'Record another payment' }).click();
  await takeAtCounter(page, '2001-0417', '30.00', { check: '1234' });

  await openDrawer(page);
  await page.getByRole('heading', { level: 1, name: 'My drawer' }).waitFor();
  const mine = page.getByRole('region', { name: /^My drawer, / });
  await mine.getByRole('heading', { level: 2 }).waitFor();
  expect(await tableRows(mine.getByRole('table').first())).toEqual([
    { Method: 'Cash', Taken: '1 · $42.50', Voided: '—', 'In the drawer': '$42.50' },
    { Method: 'Check', Taken: '1 · $30.00', Voided: '—', 'In the drawer': '$30.00' },
    { Method: 'Total in the drawer', Taken: '$72.50' },
  ]);
  const summary = (await mine.locator('dl').innerText()).replace(/\s+/g, ' ');
  expect(summary).toContain('Cash handed over $50.00');
  expect(summary).toContain('Change given $7.50');
  expect(await mine.getByRole('list', { name: 'Checks in the drawer' }).getByRole('listitem').allInnerTexts()).toEqual(['Check #1234']);
  const payments = await tableRows(page.getByRole('table', { name: /^Payments you took, / }));
  expect(payments.map((row) => [row['Method'], row['Amount'], row['Cash handed over'], row['Change given'], row['Status']])).toEqual([
    ['Cash', '$42.50', '$50.00', '$7.50', 'Posted'],
    ['Check #1234', '$30.00', '—', '—', 'Posted'],
  ]);
  // SUPPORT sees only their own drawer.
  expect(await page.getByRole('heading', { name: /^Every clerk's drawer/ }).count()).toBe(0);
  await expectNoSeriousAccessibilityViolations(page);

  env.tab.expectNoConsoleErrors();
}, 120_000);

it("shows the ADMIN every clerk's drawer by name, voids taken out, beside their own", async () => {
  // Another Norman clerk takes cash, and a check voided by a colleague, through the API as any front end would.
  const [clerk, colleague] = [await signInStaff(env.platform, 'norman', 'SUPPORT'), await signInStaff(env.platform, 'norman', 'SUPPORT')];
  const name = (await clerk.data<{ viewer: { user: { name: string } } }>(VIEWER)).viewer.user.name;
  const found = await clerk.data<{ serviceAccounts: { edges: { node: { id: string } }[] } }>('query { serviceAccounts(search: "2002-0933", first: 1) { edges { node { id } } } }');
  const serviceAccountId = found.serviceAccounts.edges[0]!.node.id;
  const take = async (input: Record<string, unknown>) =>
    (
      await clerk.data<{ recordCounterPayment: { payment: { id: string } } }>('mutation R($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id } } }', {
        input: { idempotencyKey: newKey('drawer'), allocations: [{ serviceAccountId, amount: '15.00' }], receivedBy: name, ...input },
      })
    ).recordCounterPayment.payment;
  await take({ method: 'CASH', cashReceived: '20.00' });
  const voided = await take({ method: 'CHECK', checkNumber: '555' });
  await colleague.data(VOID, { input: { paymentId: voided.id, reason: 'Check never handed over' } });

  const { page } = env.tab;
  await signInAs(page, env.platform, NORMAN, 'ADMIN');
  await openDrawer(page);
  const all = page.getByRole('region', { name: /^Every clerk's drawer, / });
  await all.getByRole('table').waitFor();
  const rows = await tableRows(all.getByRole('table'));
  expect(rows.find((row) => row['Clerk'] === name)).toEqual({
    Clerk: name,
    'Cash in drawer': '$15.00',
    'Checks in drawer': '$0.00',
    'Voids taken out': '1 · $15.00',
    'Total in the drawer': '$15.00',
    'Checks in the drawer': '—',
    // Not closed yet by its clerk: nothing to reopen.
    'Over or short': 'Open',
    Actions: '',
  });
  // The ADMIN took nothing themselves.
  await page.getByText(/^You took no cash or checks on /).waitFor();
  await expectNoSeriousAccessibilityViolations(page);
  env.tab.expectNoConsoleErrors();
}, 120_000);

it('says a day mistyped at its field, and reads the drawer in Spanish where the city speaks it', async () => {
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { counterPaymentsAccepted: true } });
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'SUPPORT');
  await takeAtCounter(page, '10-1001-00', '10.00', { cash: '20' });
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('navigation', { name: 'Páginas de la consola' }).getByRole('link', { name: 'Mi caja' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mi caja' }).waitFor();
  const mine = page.getByRole('region', { name: /^Mi caja, / });
  await mine.getByRole('table').first().waitFor();
  expect(await tableRows(mine.getByRole('table').first())).toEqual([
    { 'Forma de pago': 'Efectivo', Cobrado: '1 · $10.00', Anulado: '—', 'En la caja': '$10.00' },
    { 'Forma de pago': 'Cheque', Cobrado: '—', Anulado: '—', 'En la caja': '$0.00' },
    { 'Forma de pago': 'Total en la caja', Cobrado: '$10.00' },
  ]);
  expect((await mine.locator('dl').innerText()).replace(/\s+/g, ' ')).toContain('Cambio entregado $10.00');
  await mine.getByText('No hay cheques en la caja.').waitFor();

  // A day left empty is said at the field, which takes focus so the reason is read with it.
  const day = page.getByLabel('Día', { exact: true });
  await day.fill('');
  await page.getByRole('button', { name: 'Ver caja' }).click();
  await page.getByText('Escriba una fecha.').waitFor();
  expect(await day.getAttribute('aria-invalid')).toBe('true');
  expect(await day.evaluate((input) => input === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
}, 120_000);

it('says at Check number that a check is recorded already on the account, and records nothing the second time', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORMAN, 'SUPPORT');
  await takeAtCounter(page, '2001-0417', '5.00', { check: '7007' });
  const confirmation = await page.getByRole('main').locator('dl strong').innerText();
  await page.getByRole('button', { name: 'Record another payment' }).click();
  await openCounterFormFor(page, '2001-0417');
  await page.getByLabel('Amount', { exact: true }).fill('5.00');
  await page.getByRole('radio', { name: 'Check' }).check();
  await page.getByLabel('Check number', { exact: true }).fill('#07007');
  await page.getByLabel('Received by', { exact: true }).fill('Sally');
  await page.getByRole('button', { name: 'Record payment' }).click();
  const said = `Check #7007 is already recorded on this account (confirmation ${confirmation}): one check is recorded once.`;
  // In the summary of what is wrong, which links to the field, and as the field's own description.
  await page.getByRole('link', { name: said, exact: false }).waitFor();
  expect(await fieldDescription(page, 'Check number')).toContain(said);
  expect(await page.getByLabel('Check number', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByRole('heading', { name: 'Payment recorded' }).count()).toBe(0);
}, 120_000);
