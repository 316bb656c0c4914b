import { readFile } from 'node:fs/promises';
import { FixedClock } from '@platform/testkit';
import { openAccount, signInStaff } from '../billing/billing-api';
import { linkedResident } from '../customers/linked-resident';
import { expectNoSeriousAccessibilityViolations, openPage, platformInBrowser, tableRows, workerBrowser } from './browser';
import { signInAs } from './console-staff';
import { signInResident, switchToSpanish } from './portal-pages';
import { CITIES } from './web-pages';

/*
 * Paperless billing in the pages: a resident stops the paper bill of their account on Your accounts, told first what it
 * means, and can go back; the billing office sees the account on its Paperless page, counted, and downloads the
 * account numbers for the print vendor.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformInBrowser({ clock });
const [NORWALK] = CITIES;

beforeAll(async () => {
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  await openAccount(admin, { accountNumber: '66-6101-00', customerName: 'Elena Ruiz', addressLine1: '6101 Imperial Hwy' });
  await linkedResident(env.platform, 'norwalk', { email: 'elena.paperless@example.com' }, '66-6101-00');
});

it('a resident goes paperless on Your accounts, told what it means first, and the billing office lists and downloads the account', async () => {
  const { page } = env.tab;
  page.setDefaultTimeout(10_000);
  await signInResident(env.platform, page, NORWALK, 'elena.paperless@example.com');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /66-6101-00/ }) });
  const section = card.getByRole('region', { name: 'Paper or paperless bills' });
  await section.getByText('Paper bills for account ending 0100 are mailed to the service address.').waitFor();
  await section.getByRole('button', { name: 'Go paperless for account ending 0100' }).click();
  await section.getByText('We will stop mailing paper bills for account ending 0100; each bill will come by email to elena.paperless@example.com.', { exact: false }).waitFor();
  expect(await expectNoSeriousAccessibilityViolations(page)).toEqual([]);
  await section.getByRole('button', { name: 'Stop paper bills' }).click();
  await section.getByRole('status').getByText('Done: bills for account ending 0100 will come by email only.').waitFor();
  await section.getByText('Paperless: each bill for account ending 0100 comes by email to elena.paperless@example.com. No paper bill is mailed.').waitFor();

  await switchToSpanish(page);
  await card
    .getByRole('region', { name: 'Facturas en papel o sin papel' })
    .getByText('Sin papel: cada factura de la cuenta terminada en 0100 llega por correo electrónico a elena.paperless@example.com. No se envía factura en papel.')
    .waitFor();

  const staffTab = await openPage(await workerBrowser());
  const staff = staffTab.page;
  try {
    staff.setDefaultTimeout(10_000);
    await signInAs(staff, env.platform, NORWALK, 'SUPPORT');
    await staff.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Paperless' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Paperless' }).waitFor();
    const table = staff.getByRole('table', { name: 'Paperless accounts, by account number' });
    await table.getByText('66-6101-00').waitFor();
    expect((await tableRows(table)).find((row) => row['Account number'] === '66-6101-00')).toMatchObject({ 'Account holder': 'Elena Ruiz', 'Holders by email': '1' });
    expect(await staff.getByRole('main').innerText()).toMatch(/Accounts not printed\s+1/);
    const downloading = staff.waitForEvent('download');
    await staff.getByRole('button', { name: 'Download the account numbers (CSV)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('paperless-accounts-norwalk.csv');
    expect(await readFile(await download.path(), 'utf8')).toBe('account_number\r\n66-6101-00\r\n');
    expect(await expectNoSeriousAccessibilityViolations(staff)).toEqual([]);
  } finally {
    await staffTab.close();
  }

  await page.getByRole('button', { name: 'Volver a recibir facturas en papel de la cuenta terminada en 0100' }).click();
  await card.getByRole('status').getByText('Listo: volveremos a enviar facturas en papel de la cuenta terminada en 0100.').waitFor();
}, 120_000);
