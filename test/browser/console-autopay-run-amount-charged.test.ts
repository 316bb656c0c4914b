import { FixedClock } from '@platform/testkit';
import { CARDS, RUN_AUTOPAY, at, newCustomer, processorCharges, type Customer, enrolAutopay } from '../autopay/autopay-api';
import { signInStaff } from '../billing/billing-api';
import { changeCitySettings } from '../tenants/city-settings';
import { platformInBrowser, tableRows } from './browser';
import { signInAs } from './console-staff';
import { CITIES } from './web-pages';

/*
 * The console's Autopay runs, as support reads them to answer "how much did you take from my card?". Norwalk adds a
 * $2.50 convenience fee. Maya's card is charged $313.00 and the fee, $315.50 (the processor's own record); Dora's
 * card is declined for $88.05 and the fee, $90.55 (what her email says did not go through). Under "Amount charged"
 * each row shows what its card was really charged: $315.50 for Maya, nothing for Dora, whose $90.55 is under
 * "Amount asked"; and the run's and the table's "Amount charged" is $315.50, not the $313.00 paid toward the account.
 */
const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformInBrowser({ clock });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;
const MAYA_ACCOUNT = '10-1002-00';
const DORA_ACCOUNT = '10-1001-00';
let maya: Customer;
let dora: Customer;

beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { convenienceFee: { kind: 'FLAT', amount: '2.50' } } });
  maya = await newCustomer(env.platform, { email: 'maya.charged@example.com', accounts: [MAYA_ACCOUNT] });
  dora = await newCustomer(env.platform, { email: 'dora.declined@example.com', accounts: [DORA_ACCOUNT], card: CARDS.genericDecline });
  for (const [customer, accountNumber] of [
    [maya, MAYA_ACCOUNT],
    [dora, DORA_ACCOUNT],
  ] as const) {
    await enrolAutopay(customer, customer.accounts[accountNumber]!);
  }
  // The reminders (three days before), then the deduction on the 15th.
  for (const date of ['2026-03-12', '2026-03-15']) {
    at(clock, `${date}T18:00:00Z`);
    const { runAutopay } = await (await signInStaff(env.platform, 'norwalk', 'ADMIN')).data<{ runAutopay: { userErrors: unknown[] } }>(RUN_AUTOPAY, { date });
    expect(runAutopay.userErrors).toEqual([]);
  }
  // Back to the browser's today, so the sessions the platform hands out are current to the page.
  clock.set(new Date());
});

it('shows under "Amount charged" what each card was really charged: nothing for a declined card, the fee included for a charged one', async () => {
  expect((await processorCharges(env.platform)).map((charge) => charge.amount)).toEqual(['31550']);
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Autopay runs' }).click();
  const runs = page.getByRole('table', { name: 'Autopay runs, newest first' });
  await runs.getByRole('button', { name: 'Details of the run of Mar 15, 2026' }).waitFor();
  const runRow = (await tableRows(runs)).find((row) => row.Date === 'Mar 15, 2026');

  await runs.getByRole('button', { name: 'Details of the run of Mar 15, 2026' }).click();
  const detail = page.getByRole('region', { name: 'Autopay run of Mar 15, 2026' });
  const outcomes = detail.getByRole('table', { name: 'What the run did to each account' });
  await outcomes.waitFor();
  const runCharged = await detail
    .locator('dt', { hasText: /^Amount charged$/ })
    .locator('xpath=following-sibling::dd[1]')
    .innerText();
  const rows = Object.fromEntries((await tableRows(outcomes)).map((row) => [row.Account, { outcome: row.Outcome, amountAsked: row['Amount asked'], amountCharged: row['Amount charged'] }]));

  expect({ table: runRow?.['Amount charged'], run: runCharged, rows }).toEqual({
    table: '$315.50',
    run: '$315.50',
    rows: {
      [MAYA_ACCOUNT]: { outcome: 'Charged', amountAsked: '$315.50', amountCharged: '$315.50' },
      [DORA_ACCOUNT]: { outcome: 'Declined', amountAsked: '$90.55', amountCharged: '—' },
    },
  });
  env.tab.expectNoConsoleErrors();
}, 90_000);
