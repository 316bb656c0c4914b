import { FixedClock } from '@platform/testkit';
import { newCustomer } from '../autopay/autopay-api';
import { changeCitySettings } from '../tenants/city-settings';
import { platformInBrowser, type Locator, type Page } from './browser';
import { openResidentPage, signInResident, switchToSpanish } from './portal-pages';
import { CITIES } from './web-pages';

/*
 * The notice an Auto Pay enrolment answers with is said in the page's
 * language of the moment, every warning in it included: a resident who
 * enrols and then switches the page to Spanish reads in Spanish what the
 * notice said in English. Enrolled before the deduction day (Norwalk's is
 * the 15th; the platform's clock starts on the 10th of this month) with a
 * maximum below what is due, or owing more than the city takes in one
 * payment, they are still told that Auto Pay will NOT pay this month, not
 * only when it starts (which reads as if it will). Enrolled after it (the
 * clock moved to the 20th), they read "this month is not covered", and what
 * to do about it, in Spanish, not an English sentence under a Spanish heading.
 */
const today = new Date();
const dayOfThisMonth = (day: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), day, 18));
const clock = new FixedClock(dayOfThisMonth(10));
const env = platformInBrowser({ clock, demoDataAt: 'today' });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;

/** A new resident with the account linked and a card saved, signed in on the Auto Pay page: the account's card there, found by its number, which reads the same in both languages. */
async function autopayCardOf(page: Page, email: string, accountNumber: string): Promise<Locator> {
  await newCustomer(env.platform, { email, accounts: [accountNumber] });
  await signInResident(env.platform, page, NORWALK, email);
  await openResidentPage(page, 'Auto Pay');
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(accountNumber) }) });
}

/** The notice under a heading, once it is there, as the resident reads it. */
async function noticeUnder(card: Locator, heading: string): Promise<{ readonly notice: Locator; readonly said: string }> {
  const notice = card.getByRole('status').filter({ has: card.page().getByRole('heading', { name: heading }) });
  await notice.waitFor();
  return { notice, said: await notice.innerText() };
}

it('keeps "Auto Pay will not pay this month" (over the maximum) after a switch to Spanish', async () => {
  const { page } = env.tab;
  const card = await autopayCardOf(page, 'over.maximum.bilingual@example.com', '10-1001-00');
  await card.getByRole('button', { name: 'Enroll' }).click();
  await card.getByLabel('Maximum per month (optional)').fill('1.00');
  await card.getByRole('button', { name: 'Enroll in Auto Pay' }).click();
  const { said: english } = await noticeUnder(card, 'Auto Pay is set');
  expect(english).toContain('maximum of $1.00, so it will not pay it on');
  const total = /would take (\$[\d,]+\.\d\d)/.exec(english)?.[1];
  expect(total).toBeDefined();

  await switchToSpanish(page);
  const { said } = await noticeUnder(card, 'El pago automático está listo');
  expect(said).toContain(`El pago automático tomaría ${total}, más que su máximo de pago automático de $1.00, así que no lo pagará el`);
  expect(said).toContain('Haga un pago único.');
  env.tab.expectNoConsoleErrors();
});

it('keeps "Auto Pay will not pay this month" (over the city\'s one-payment limit) after a switch to Spanish', async () => {
  const { page } = env.tab;
  const { tenant } = await env.platform.client
    .asTenant(NORWALK.slug)
    .data<{ tenant: { paymentRules: { maxPaymentAmount: { amount: string } } } }>('{ tenant { paymentRules { maxPaymentAmount { amount } } } }');
  await changeCitySettings(env.platform, NORWALK.slug, { paymentRules: { maxPaymentAmount: '100.00' } });
  try {
    // Owes more than $100.00.
    const card = await autopayCardOf(page, 'over.limit.bilingual@example.com', '10-1003-00');
    await card.getByRole('button', { name: 'Enroll' }).click();
    await card.getByRole('button', { name: 'Enroll in Auto Pay' }).click();
    const { said: english } = await noticeUnder(card, 'Auto Pay is set');
    expect(english).toContain('more than the $100.00 the city takes in one payment, so it will not pay it on');
    expect(english).toContain('Please pay in parts of $100.00 or less.');

    await switchToSpanish(page);
    const { said } = await noticeUnder(card, 'El pago automático está listo');
    expect(said).toContain('más de los $100.00 que la ciudad acepta en un solo pago, así que no lo pagará el');
    expect(said).toContain('Pague en partes de $100.00 o menos.');
    env.tab.expectNoConsoleErrors();
  } finally {
    await changeCitySettings(env.platform, NORWALK.slug, { paymentRules: { maxPaymentAmount: tenant.paymentRules.maxPaymentAmount.amount } });
  }
});

it('says “this month is not covered” in Spanish once the resident switches the page to Spanish, not in English under a Spanish heading', async () => {
  clock.set(dayOfThisMonth(20));
  const { page } = env.tab;
  const card = await autopayCardOf(page, 'bilingual.resident@example.com', '10-1002-00');
  await card.getByRole('button', { name: 'Enroll' }).click();
  await card.getByRole('button', { name: 'Enroll in Auto Pay' }).click();
  const { notice, said: english } = await noticeUnder(card, 'This month is not covered');
  expect(english).toContain('please make a one-time payment');
  const amount = /the (\$[\d,]+\.\d\d) due now/.exec(english)?.[1];
  expect(amount).toBeDefined();
  await notice.getByRole('button', { name: `Pay ${amount} now` }).waitFor();

  await switchToSpanish(page);
  const { notice: spanish, said } = await noticeUnder(card, 'Este mes no está cubierto');
  // The heading followed the switch; the sentence under it does too, with the same amount and first date.
  expect(said).not.toContain('This month');
  expect(said).not.toContain('please make a one-time payment');
  expect(said).toContain(`no pagará los ${amount} pendientes ahora: haga un pago único`);
  expect(said).toMatch(/El pago automático comienza el \S+, \d+ de \S+ de \d{4}\./);
  await spanish.getByRole('button', { name: `Pagar ${amount} ahora` }).waitFor();
  env.tab.expectNoConsoleErrors();
});
