import { FixedClock } from '@platform/testkit';
import { newCustomer } from '../autopay/autopay-api';
import { platformInBrowser } from './browser';
import { signInResident } from './portal-pages';
import { CITIES, described } from './web-pages';

/*
 * WCAG 3.3.1: a refused payment method's error at Auto Pay enrolment is tied to the "Pay with" choice, so a screen
 * reader user on its radios hears why it was refused, not just the card's name.
 *
 * The platform's clock is the 20th of this month: past Norwalk's autopay deduction day (the 15th), so the first
 * automatic payment is next month's, after a card that expires this month.
 */
const today = new Date();
const clock = new FixedClock(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 20, 18)));
const env = platformInBrowser({ clock, demoDataAt: 'today' });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

it('a card the server refuses (it expires before the first automatic payment) is said at the “Pay with” choice', async () => {
  const email = 'kb.autopay@norwalk.example';
  await newCustomer(env.platform, { email, accounts: ['10-1001-00'], expMonth: today.getUTCMonth() + 1, expYear: today.getUTCFullYear() });
  const { page } = env.tab;
  await signInResident(env.platform, page, NORWALK, email);
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Auto Pay', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Auto Pay' }).waitFor();
  await page.getByRole('button', { name: 'Enroll' }).click();
  await page.getByRole('button', { name: 'Enroll in Auto Pay' }).click();
  await page.getByRole('alert').getByText('expires before the first automatic payment').waitFor();
  const said = (await page.getByRole('alert').locator('li').allInnerTexts()).join(' ');
  const group = page.getByRole('group', { name: /Pay with/ });
  const groupName = (await group.evaluate((el) => (el as unknown as { querySelector(s: string): { textContent: string } }).querySelector('legend').textContent)) ?? '';
  const groupFacts = await described(page, 'fieldset.method-choice');
  const radioFacts = await described(page, 'fieldset.method-choice input[type=radio]');
  // Heard with the group (its legend or description) or with the radio itself.
  const heard = `${groupName} ${groupFacts.description} ${radioFacts.description}`;
  expect({ heardWithTheChoice: heard.includes(said), radioInvalid: radioFacts.invalid ?? groupFacts.invalid }).toEqual({ heardWithTheChoice: true, radioInvalid: 'true' });
});
