import { expectNoSeriousAccessibilityViolations, platformInBrowser, tableRows } from './browser';
import { guestPays, signInAsSupport } from './console-staff';
import { CITIES } from './web-pages';

/*
 * A clerk checks the day's bank deposit against what the city took: Daily totals shows each day's money by method,
 * opening on the city's today, and says plainly what is wrong with a period it cannot show.
 */
const env = platformInBrowser();
const city = CITIES[0]; // Norwalk

it("shows today's money in by method, the whole period's net, and refuses a period backwards beside its field", async () => {
  const { page } = env.tab;
  await guestPays(env.platform, city.slug, '21.50');
  await signInAsSupport(page, env.platform, city);
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Daily totals' }).click();
  await page.getByRole('heading', { name: 'Daily totals' }).waitFor();

  const byDay = page.getByRole('region', { name: /^By day, / });
  await byDay.waitFor();
  const today = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', year: 'numeric', month: 'short', day: 'numeric' }).format(new Date());
  expect(await tableRows(byDay.getByRole('table'))).toEqual([
    { Date: today, Method: 'Card', Received: '1 · $21.50', Fees: '$0.00', Refunded: '—', Voided: '—', Returned: '—', Disputed: '—', 'Disputes won': '—', Net: '$21.50' },
    { Date: `Net, ${today}`, Method: '$21.50' },
  ]);
  const byMethod = page.getByRole('region', { name: /^By method, the whole period/ });
  expect(await tableRows(byMethod.getByRole('table'))).toEqual([
    { Method: 'Card', Received: '1 · $21.50', Fees: '$0.00', Refunded: '—', Voided: '—', Returned: '—', Disputed: '—', 'Disputes won': '—', Net: '$21.50' },
    { Method: 'Net, the whole period', Received: '$21.50' },
  ]);
  await expectNoSeriousAccessibilityViolations(page);

  // Backwards: said by the page in the words of its fields, beside To, which is marked invalid.
  const period = page.getByRole('form', { name: 'Period' });
  await period.getByLabel('From').fill('2026-03-10');
  await period.getByLabel('To').fill('2026-03-01');
  await period.getByRole('button', { name: 'Show totals' }).click();
  await period.getByText('To is before From: choose a day on or after it.').waitFor();
  expect(await period.getByLabel('To').getAttribute('aria-invalid')).toBe('true');
  expect(await period.getByLabel('From').getAttribute('aria-invalid')).toBeNull();

  // A period in which nothing moved says so.
  await period.getByLabel('To').fill('2026-03-12');
  await period.getByRole('button', { name: 'Show totals' }).click();
  await page.getByRole('status').filter({ hasText: 'No money came in or went out from Mar 10, 2026 to Mar 12, 2026.' }).waitFor();
  expect(await period.getByLabel('To').getAttribute('aria-invalid')).toBeNull();
}, 90_000);
