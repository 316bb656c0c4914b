import { CARDS, newCustomer, saveCard, type Customer, enrolAutopay } from '../autopay/autopay-api';
import { platformInBrowser } from './browser';
import { sidewaysOverflow } from './overflow';
import { openResidentPage, signInResident, switchToSpanish } from './portal-pages';
import { CITIES } from './web-pages';

/*
 * The wallet says which method Auto Pay charges, beside it, with the way to change Auto Pay: a resident learnt it only
 * by pressing Remove and being refused (METHOD_IN_AUTOPAY), in an alert that did not say which account, nor lead there.
 */
const env = platformInBrowser();
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;
const ACCOUNT = '10-1001-00';
let resident: Customer;
beforeAll(async () => {
  resident = await newCustomer(env.platform, { email: 'autopay.wallet@example.com', accounts: [ACCOUNT], card: CARDS.americanExpress });
  await saveCard(env.platform, await resident.client(), CARDS.mastercard, 11, 2031);
  await enrolAutopay(resident, resident.accounts[ACCOUNT]!);
});

it('says, beside the card Auto Pay charges and on a phone, that Auto Pay uses it, in English and Spanish, and leads to Auto Pay', async () => {
  const { page } = env.tab;
  await page.setViewportSize({ width: 320, height: 700 });
  await signInResident(env.platform, page, NORWALK, resident.email);
  await openResidentPage(page, 'Saved payment methods');
  const amex = page.getByRole('listitem').filter({ hasText: 'American Express ending 0005' });
  const mastercard = page.getByRole('listitem').filter({ hasText: 'Mastercard ending 4444' });
  await amex.getByText(`Auto Pay pays account ${ACCOUNT} with this method: to remove it, change Auto Pay’s method first.`).waitFor();
  expect(await mastercard.getByText(/Auto Pay/).count()).toBe(0);
  expect(await sidewaysOverflow(page)).toEqual({ width: 320, culprits: [] });

  await switchToSpanish(page);
  await page.getByRole('listitem').filter({ hasText: 'American Express que termina en 0005' }).getByText(`El pago automático paga la cuenta ${ACCOUNT} con este método`, { exact: false }).waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await amex.getByRole('link', { name: 'Change Auto Pay' }).click();
  await page.getByRole('heading', { level: 1, name: 'Auto Pay' }).waitFor();
  env.tab.expectNoConsoleErrors();
});
