import { FixedClock } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { GOOD_PASSWORD } from '../customers/customer-api';
import { link, linkedResident } from '../customers/linked-resident';
import { platformInBrowser, type Page } from './browser';
import { CITIES, cityUrl } from './web-pages';

/*
 * What a resident's accounts page says of where each account stands, on
 * November 23. One owes October's $50.00 bill (due October 22, a month past
 * due) and November's $40.00 bill (due December 6): "$90.00 · due Sunday,
 * December 6, 2026" would tell them they have two weeks for all of it; the
 * past-due part is to be paid now. Another (the demo 10-1003-00) is
 * disconnected: the guest page says so, and so must theirs. Once the sweep flags the first, the page says the city may
 * disconnect it, as the email the sweep sends does.
 */

// Monday 2026-11-23, 10:00 in Norwalk.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformInBrowser({ clock });
const [NORWALK] = CITIES;
const EMAIL = 'past.due.dashboard@example.com';
const ACCOUNT = '77-4343-00';
const DISCONNECTED = '10-1003-00';

beforeAll(async () => {
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  await openAccount(staff, { accountNumber: ACCOUNT, addressLine1: '4343 Imperial Hwy' });
  const bills = [`${ACCOUNT}-OCT,${ACCOUNT},2026-10-01,2026-10-22,30.00,15.00,5.00`, `${ACCOUNT}-NOV,${ACCOUNT},2026-11-15,2026-12-06,25.00,10.00,5.00`];
  expect((await importCsv(staff, [BILL_HEADER, ...bills].join('\n'))).imported).toBe(2);
  const { customer } = await linkedResident(env.platform, 'norwalk', { email: EMAIL, locale: 'EN' }, ACCOUNT, { serviceHouseNumber: '4343' });
  await link(customer, DISCONNECTED, { serviceHouseNumber: '13200' });
});

async function accountsPage(): Promise<Page> {
  const { page } = env.tab;
  page.setDefaultTimeout(10_000);
  await page.goto(`${cityUrl(env.platform, NORWALK, '/')}sign-in`);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your accounts' }).waitFor();
  return page;
}

it('shows the past-due part of the amount due as to be paid now, not the whole as due on the next bill’s date', async () => {
  const page = await accountsPage();
  const account = page.getByRole('listitem').filter({ hasText: ACCOUNT });
  const said = await account.innerText();
  expect({ pastDueToPayNow: said.includes('$90.00 · $50.00 past due: pay now'), dueLater: said.includes('December 6') }).toEqual({ pastDueToPayNow: true, dueLater: false });
});

it('tells a holder their service is disconnected and that paying in full asks for it back, as the guest page does', async () => {
  const page = await accountsPage();
  const account = page.getByRole('listitem').filter({ hasText: DISCONNECTED });
  expect(await account.innerText()).toContain('Service\nDisconnected: paying the amount due in full asks the city to restore it.');
});

it('tells a holder the city may disconnect an account its sweep flagged, and that paying what is past due keeps it on', async () => {
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const swept = await admin.data<{ runDisconnectionSweep: { markedEligible: number } }>('mutation { runDisconnectionSweep { markedEligible } }');
  expect(swept.runDisconnectionSweep.markedEligible).toBeGreaterThanOrEqual(1);
  const page = await accountsPage();
  const account = page.getByRole('listitem').filter({ hasText: ACCOUNT });
  expect(await account.innerText()).toContain('Service\nPast due: the city may disconnect it. Paying what is past due keeps it on.');
});
