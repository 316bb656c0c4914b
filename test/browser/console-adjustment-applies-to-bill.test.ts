import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { BILL_HEADER, CHARGES_HEADER, accountById, importCsv, openAccount as openAccountApi, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, type Page } from './browser';
import { goToAccounts, openAccount, rowTexts } from './console-account-pages';
import { signInAs, waitUntil } from './console-staff';
import { CITIES, fieldDescription, perceived } from './web-pages';

/*
 * Norman: the console's adjustment dialog could not name the bill a correction
 * is for, though the API can (recordAccountAdjustment's payableId). Crediting
 * back a dismissed $150.00 citation from the console paid off the unpaid
 * September water bill instead, as a payment to the account does. The dialog
 * now asks what the correction applies to: one of the account's open bills
 * (number, description, amount owed) or the oldest charges first, as before.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformInBrowser({ clock, jobs: true });
const [NORWALK, NORMAN] = CITIES;

let admin: GraphQLTestClient;
beforeAll(async () => {
  admin = await signInStaff(env.platform, NORMAN.slug, 'ADMIN');
});

/** An account owing September's $100.00 water bill (past due) and a $150.00 citation due in December. */
async function waterBillAndCitation(accountNumber: string, water: string, citation: string) {
  const account = await openAccountApi(admin, { accountNumber, customerName: 'Dana Whitfield', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(admin, [BILL_HEADER, `${water},${accountNumber},2026-09-01,2026-09-22,100.00,,`].join('\n'));
  await importCsv(admin, [CHARGES_HEADER, `${citation},${accountNumber},CITATION,2026-11-01,2026-12-01,150.00,Tall grass`].join('\n'));
  return account;
}

/** Each bill's row as the account page shows it, by its number. */
const billRows = async (page: Page) => Object.fromEntries((await rowTexts(page, 'Bills and other charges')).slice(1).map((row) => [row.split(' ')[0]!, row]));

/** What the bill's row says is still owed on it: the last amount of its row. */
const owedOn = (row: string | undefined) => row?.match(/\$[\d,.]+$/)?.[0];

async function openAdjustmentDialog(page: Page, accountNumber: string) {
  await page.getByRole('button', { name: 'Record adjustment' }).click();
  return page.getByRole('dialog', { name: `Adjust account ${accountNumber}` });
}

describe('a correction for one bill, recorded in the console (Norman, ADMIN)', () => {
  it('credits back the dismissed citation it is for, leaving the older water bill owed and past due', async () => {
    const account = await waterBillAndCitation('8830-0001', 'W-8831', 'CIT-8832');
    const { page } = env.tab;
    await signInAs(page, env.platform, NORMAN, 'ADMIN');
    await goToAccounts(page);
    await openAccount(page, account.accountNumber);
    const before = await billRows(page);

    const dialog = await openAdjustmentDialog(page, account.accountNumber);
    const appliesTo = dialog.getByLabel('Applies to', { exact: true });
    const offered = (await appliesTo.locator('option').allInnerTexts()).map((text) => text.trim());
    const chosenAtFirst = await appliesTo.evaluate((select) => (select as unknown as { selectedOptions: { text: string }[] }).selectedOptions[0]?.text);
    // By the keyboard: the choice is reached with Tab from the kind, and the citation picked with the arrow keys.
    await dialog.getByLabel('Kind', { exact: true }).focus();
    await page.keyboard.press('Tab');
    const focusAfterKind = (await perceived(page)).focus;
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const chosenByKeyboard = await appliesTo.evaluate((select) => (select as unknown as { selectedOptions: { text: string }[] }).selectedOptions[0]?.text);
    await dialog.getByLabel('Amount', { exact: true }).fill('-150.00');
    await dialog.getByLabel('Reason', { exact: true }).fill('Citation dismissed at hearing');
    await expectNoSeriousAccessibilityViolations(page);
    await dialog.getByRole('button', { name: 'Record adjustment' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Adjustment to account ${account.accountNumber} recorded.` })
      .waitFor();
    await waitUntil('the citation shows nothing owed', async () => owedOn((await billRows(page))['CIT-8832']) === '$0.00');
    const after = await billRows(page);
    const pastDue = await page.getByRole('region', { name: 'Balance' }).getByText('Past due', { exact: true }).locator('xpath=..').innerText();

    // Opened again, the dialog no longer offers the citation: it owes nothing.
    const again = await openAdjustmentDialog(page, account.accountNumber);
    const offeredAgain = (await again.getByLabel('Applies to', { exact: true }).locator('option').allInnerTexts()).map((text) => text.trim());

    expect({
      offered,
      chosenAtFirst,
      focusAfterKind,
      chosenByKeyboard,
      owedBefore: { water: owedOn(before['W-8831']), citation: owedOn(before['CIT-8832']) },
      owedAfter: { water: owedOn(after['W-8831']), citation: owedOn(after['CIT-8832']) },
      pastDue: pastDue.replace(/\s+/g, ' ').trim(),
      offeredAgain,
    }).toEqual({
      offered: ['Oldest charges first', 'W-8831 · Utility bill · $100.00 owed', 'CIT-8832 · Tall grass · $150.00 owed'],
      chosenAtFirst: 'Oldest charges first',
      focusAfterKind: 'SELECT: Applies to',
      chosenByKeyboard: 'CIT-8832 · Tall grass · $150.00 owed',
      owedBefore: { water: '$100.00', citation: '$150.00' },
      owedAfter: { water: '$100.00', citation: '$0.00' },
      pastDue: 'Past due $100.00',
      offeredAgain: ['Oldest charges first', 'W-8831 · Utility bill · $100.00 owed'],
    });
    env.tab.expectNoConsoleErrors();
  }, 90_000);

  it('still pays the oldest charges first when no bill is chosen', async () => {
    const account = await waterBillAndCitation('8830-0002', 'W-8833', 'CIT-8834');
    const { page } = env.tab;
    await signInAs(page, env.platform, NORMAN, 'ADMIN');
    await goToAccounts(page);
    await openAccount(page, account.accountNumber);

    const dialog = await openAdjustmentDialog(page, account.accountNumber);
    await dialog.getByLabel('Amount', { exact: true }).fill('-40.00');
    await dialog.getByLabel('Reason', { exact: true }).fill('Goodwill credit');
    await dialog.getByRole('button', { name: 'Record adjustment' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Adjustment to account ${account.accountNumber} recorded.` })
      .waitFor();
    await waitUntil('the water bill shows $60.00 owed', async () => owedOn((await billRows(page))['W-8833']) === '$60.00');
    const after = await billRows(page);

    expect({ water: owedOn(after['W-8833']), citation: owedOn(after['CIT-8834']) }).toEqual({ water: '$60.00', citation: '$150.00' });
    expect((await accountById(admin, account.id)).balance.pastDue.amount).toBe('60.00');
    env.tab.expectNoConsoleErrors();
  }, 90_000);

  it('says next to the choice, in Español too, when the server refuses the bill named (Norwalk)', async () => {
    const norwalkAdmin = await signInStaff(env.platform, NORWALK.slug, 'ADMIN');
    const account = await openAccountApi(norwalkAdmin, { customerName: 'Rosa Delgado' });
    const neighbour = await openAccountApi(norwalkAdmin, { customerName: 'Tomás Reyes' });
    await importCsv(norwalkAdmin, [BILL_HEADER, `B-8835,${account.accountNumber},2026-10-01,2026-10-22,40.00,,`, `B-8836,${neighbour.accountNumber},2026-10-01,2026-10-22,40.00,,`].join('\n'));
    const [neighbourBill] = await tenantRows<{ id: string }>(env.platform, 'norwalk', 'SELECT id FROM payables WHERE reference_number = $1', ['B-8836']);
    const { page } = env.tab;
    // The page's list was right when it was read; the bill sent is not this account's (a tampered request, say).
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (!body.includes('"operationName":"ConsoleAdjustment"')) return route.fallback();
      const request = JSON.parse(body) as { variables: { input: Record<string, unknown> } };
      request.variables.input.payableId = neighbourBill!.id;
      return route.fallback({ postData: JSON.stringify(request) });
    });
    await signInAs(page, env.platform, NORWALK, 'ADMIN');
    await goToAccounts(page);
    await openAccount(page, account.accountNumber);

    const dialog = await openAdjustmentDialog(page, account.accountNumber);
    await dialog.getByLabel('Applies to', { exact: true }).selectOption({ label: 'B-8835 · Utility bill · $40.00 owed' });
    await dialog.getByLabel('Amount', { exact: true }).fill('-10.00');
    await dialog.getByLabel('Reason', { exact: true }).fill('Meter misread');
    await dialog.getByRole('button', { name: 'Record adjustment' }).click();
    await waitUntil('the choice is marked invalid', async () => (await dialog.getByLabel('Applies to', { exact: true }).getAttribute('aria-invalid')) === 'true');
    const saidEn = await fieldDescription(page, 'Applies to');
    const focusEn = (await perceived(page)).focus;
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('button', { name: 'Registrar ajuste' }).click();
    const dialogEs = page.getByRole('dialog', { name: `Ajustar la cuenta ${account.accountNumber}` });
    const appliesToEs = dialogEs.getByLabel('Se aplica a', { exact: true });
    const offeredEs = (await appliesToEs.locator('option').allInnerTexts()).map((text) => text.trim());
    await appliesToEs.selectOption({ index: 1 });
    await dialogEs.getByLabel('Importe', { exact: true }).fill('-10.00');
    await dialogEs.getByLabel('Motivo', { exact: true }).fill('Lectura errónea');
    await dialogEs.getByRole('button', { name: 'Registrar ajuste' }).click();
    await waitUntil('the choice is marked invalid', async () => (await appliesToEs.getAttribute('aria-invalid')) === 'true');
    const saidEs = await fieldDescription(page, 'Se aplica a');

    expect({ saidEn, focusEn, offeredEs, saidEs }).toEqual({
      saidEn: expect.stringContaining('This account has no such bill or charge.'),
      focusEn: 'SELECT: Applies to',
      offeredEs: ['Primero los cargos más antiguos', 'B-8835 · Factura de servicios · se deben $40.00'],
      saidEs: expect.stringContaining('Esta cuenta no tiene esa factura o cargo.'),
    });
    // Nothing was recorded on either account.
    expect([(await accountById(norwalkAdmin, account.id)).balance.posted.amount, (await accountById(norwalkAdmin, neighbour.id)).balance.posted.amount]).toEqual(['40.00', '40.00']);
    env.tab.expectNoConsoleErrors();
  }, 90_000);
});
