import { FixedClock } from '@platform/testkit';
import { CARDS, at, newCustomer, enrolAutopay } from '../autopay/autopay-api';
import { platformInBrowser, tableRows } from './browser';
import { runAutopayNow, signInAs } from './console-staff';
import { CITIES } from './web-pages';

/*
 * Norwalk's ADMIN runs autopay on its deduction day and opens the run. The processor could not process one resident's
 * card (PROCESSING_ERROR, one of the decline codes the processor documents and the payments service words for
 * residents). The run's detail showed the code as the processor gave it, "PROCESSING_ERROR", in English and in Spanish
 * alike: the page knew the other decline codes only. It is said in words, in the page's language.
 */
const clock = new FixedClock(new Date('2026-03-12T18:00:00Z'));
const env = platformInBrowser({ clock });
const [NORWALK] = CITIES;

it("words a processing error in the run's detail, in English and in Spanish", async () => {
  const { page } = env.tab;
  const resident = await newCustomer(env.platform, { email: 'processing.error@example.com', accounts: ['10-1001-00'], card: CARDS.processingError, locale: 'EN' });
  await enrolAutopay(resident, resident.accounts['10-1001-00']!);
  at(clock, '2026-03-15T18:00:00Z');

  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Autopay runs' }).click();
  await page.getByRole('heading', { level: 1, name: 'Autopay runs' }).waitFor();
  await runAutopayNow(page);
  await page.getByRole('button', { name: 'Details of the run of Mar 15, 2026' }).click();
  const outcomes = page.getByRole('table', { name: 'What the run did to each account' });
  await outcomes.waitFor();
  const english = (await tableRows(outcomes)).find((row) => row.Account === '10-1001-00');

  await page.getByRole('button', { name: 'Español' }).click();
  await page.waitForFunction(`document.documentElement.lang === 'es'`);
  const enEspanol = page.getByRole('table', { name: 'Lo que hizo la ejecución en cada cuenta' });
  await enEspanol.waitFor();
  const spanish = (await tableRows(enEspanol)).find((row) => row.Cuenta === '10-1001-00');

  expect({ english: english?.Reason, spanish: spanish?.Motivo }).toEqual({ english: 'Card could not be processed', spanish: 'No se pudo procesar la tarjeta' });
  env.tab.expectNoConsoleErrors();
}, 120_000);
