import { FixedClock } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser, tableRows } from './browser';
import { signInAs } from './console-staff';
import { CITIES, cityUrl } from './web-pages';

/*
 * The staff who plan the field crews' work had no list of the accounts the city may disconnect: the hourly sweep
 * flagged them, but staff could only find one by searching for it. "Disconnections" lists them, with what of the
 * service is past due as the sweep weighs it (a payment not yet posted counted as paid) and since how long, each leading to its
 * account page, where the disconnection is recorded; an account paid since leaves the list at the next sweep.
 */

// Monday 2026-11-23, 10:00 in Norwalk: October's bill (due October 22) is 32 days past due.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformInBrowser({ clock, jobs: true });
const [NORWALK] = CITIES;

beforeAll(async () => {
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  await openAccount(admin, { accountNumber: '77-7001-00', customerName: 'Rosa Delgado', addressLine1: '7001 Imperial Hwy' });
  const bills = ['77-7001-00-OCT,77-7001-00,2026-10-01,2026-10-22,40.00,15.00,5.00', '77-7001-00-NOV,77-7001-00,2026-11-15,2026-12-06,25.00,10.00,5.00'];
  expect((await importCsv(admin, [BILL_HEADER, ...bills].join('\n'))).imported).toBe(2);
  // $10.00 paid today and not yet posted: the sweep counts it as paid, so $50.00 of the $60.00 past due is what keeps
  // the water on (still the city's minimum: the account stays on the list).
  const paid = await pay(env.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '77-7001-00', amount: '10.00' }],
    token: await cardToken(env.platform),
    payerEmail: 'rosa@example.com',
  });
  expect(paid.payment?.status).toBe('CAPTURED');
  await env.platform.runJob('billing.disconnection-sweep');
});

it('lists the accounts the city may disconnect, with what is past due and for how long, each leading to its account', async () => {
  const { page } = env.tab;
  page.setDefaultTimeout(10_000);
  await signInAs(page, env.platform, NORWALK, 'SUPPORT');
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Disconnections' }).click();
  await page.getByRole('heading', { level: 1, name: 'Disconnections' }).waitFor();
  const table = page.getByRole('table', { name: 'Accounts eligible for disconnection, by account number' });
  await table.getByText('77-7001-00').waitFor();
  const rows = await tableRows(table);
  expect(rows.find((row) => row['Account number'] === '77-7001-00')).toEqual({
    'Account number': '77-7001-00',
    'Account holder': 'Rosa Delgado',
    'Service address': '7001 Imperial Hwy',
    'Past due': '$50.00',
    'Days past due': '32',
  });
  // Only accounts the sweep flagged: not the demo's active 10-1001-00 nor its disconnected 10-1003-00.
  const listed = rows.map((row) => row['Account number']);
  expect({ active: listed.includes('10-1001-00'), disconnected: listed.includes('10-1003-00') }).toEqual({ active: false, disconnected: false });
  expect(await expectNoSeriousAccessibilityViolations(page)).toEqual([]);

  await table.getByRole('link', { name: '77-7001-00' }).click();
  await page.getByRole('heading', { level: 2, name: 'Account 77-7001-00 · Rosa Delgado' }).waitFor();
  expect(await page.getByRole('main').innerText()).toContain('Eligible for disconnection');
});

it('says so in Spanish', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  const url = new URL(cityUrl(env.platform, NORWALK, '/console'));
  url.pathname = '/console/disconnections';
  url.searchParams.set('lang', 'es');
  await page.goto(url.href);
  await page.getByRole('heading', { level: 1, name: 'Desconexiones' }).waitFor();
  const table = page.getByRole('table', { name: 'Cuentas aptas para desconexión, por número de cuenta' });
  await table.getByText('77-7001-00').waitFor();
  expect((await tableRows(table)).find((row) => Object.values(row).includes('77-7001-00'))).toMatchObject({ Vencido: '$50.00', 'Días de atraso': '32' });
});
