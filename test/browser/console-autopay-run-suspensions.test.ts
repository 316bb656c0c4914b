import { FixedClock } from '@platform/testkit';
import { CARDS, RUNS, at, newCustomer, enrolAutopay } from '../autopay/autopay-api';
import { signInStaff } from '../billing/billing-api';
import { changeCitySettings } from '../tenants/city-settings';
import { platformInBrowser, tableRows } from './browser';
import { runAutopayNow, signInAs } from './console-staff';
import { CITIES } from './web-pages';

/*
 * Norwalk's ADMIN presses "Run autopay now" on its deduction day. The city stopped taking American Express the day
 * before, so the run suspends the Amex holder's Auto Pay. The page said "0 charged ($0.00), 0 declined, 0 skipped." and
 * the runs table had no column for it: by the page the run did nothing, while a resident will not be paid for this
 * month (found by the console's attacker). The sentence and the table say what was suspended and what awaits the
 * processor.
 */
const clock = new FixedClock(new Date('2026-03-12T18:00:00Z'));
const env = platformInBrowser({ clock });
const [NORWALK] = CITIES;

it('says, after Run autopay now and in the runs table, that the run suspended an enrolment', async () => {
  const { page } = env.tab;
  const amex = await newCustomer(env.platform, { email: 'amex.console@example.com', accounts: ['10-1001-00'], card: CARDS.americanExpress, locale: 'EN' });
  await enrolAutopay(amex, amex.accounts['10-1001-00']!);
  // The deduction day; the city took American Express off its list the evening before.
  at(clock, '2026-03-15T18:00:00Z');
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { acceptedCardBrands: ['VISA', 'MASTERCARD'] } });

  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Autopay runs' }).click();
  await page.getByRole('heading', { level: 1, name: 'Autopay runs' }).waitFor();
  const said = await runAutopayNow(page);
  const runs = page.getByRole('table', { name: 'Autopay runs, newest first' });
  await runs.getByRole('button', { name: 'Details of the run of Mar 15, 2026' }).waitFor();
  const row = (await tableRows(runs)).find((r) => r.Date === 'Mar 15, 2026');

  // What the run did, by the API: one enrolment suspended, nothing else.
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const { autopayRuns } = await admin.data<{ autopayRuns: { edges: { node: { summary: { charged: number; suspended: number } } }[] } }>(RUNS);
  expect(autopayRuns.edges[0]?.node.summary).toMatchObject({ charged: 0, suspended: 1 });

  expect({ sentence: (await said.innerText()).replace(/\s+/g, ' ').trim(), suspended: row?.Suspended, charged: row?.Charged }).toEqual({
    sentence: 'Autopay ran for Mar 15, 2026: 0 charged ($0.00), 0 declined, 1 suspended, 0 skipped, 0 awaiting the processor.',
    suspended: '1',
    charged: '0',
  });
  env.tab.expectNoConsoleErrors();
}, 120_000);
