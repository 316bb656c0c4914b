import { closeSandboxDispute, listSandboxCharges, openSandboxDispute } from '@platform/processor-sandbox';
import { FixedClock, TEST_PROCESSOR_SECRET_KEY } from '@platform/testkit';
import { expectNoSeriousAccessibilityViolations, platformInBrowser } from './browser';
import { guestPays, signInAs } from './console-staff';
import { CITIES } from './web-pages';

/*
 * A resident disputed a card payment with their bank. The clerk who opens it in the console sees it as the city's
 * processor told of it: Disputed on the board, and in its details what the bank took back, why, by when the city must
 * answer, the dispute fee that is the city's, and why each step happened; in English and in Spanish. Before, the payment
 * read Posted until staff found the chargeback on the bank statement.
 */

// Monday 2026-11-23, 10:00 in Norwalk.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformInBrowser({ clock, jobs: true });
const NORWALK = CITIES[0];

it('shows a disputed card payment Disputed, with what was taken back, why and by when to answer, in English and Spanish', async () => {
  const confirmation = await guestPays(env.platform, 'norwalk', '31.25');
  // Its posting day (Tuesday): a dispute takes back money the ledger has.
  clock.set(new Date('2026-11-24T18:00:00Z'));
  await env.platform.runJob('payments.post');
  const charge = (await listSandboxCharges(env.platform.processorUrl, TEST_PROCESSOR_SECRET_KEY)).find((c) => c.description.endsWith(confirmation))!;
  const dispute = await openSandboxDispute(env.platform.processorUrl, TEST_PROCESSOR_SECRET_KEY, charge.id, { reason: 'product_not_received' });
  await env.platform.runJob('payments.reconcile');

  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'SUPPORT');
  const row = page.getByRole('button', { name: new RegExp(confirmation) });
  await row.click();
  const drawer = page.getByRole('dialog', { name: `Payment ${confirmation}` });
  await drawer.getByRole('heading', { name: 'Card dispute' }).waitFor();
  const fact = (term: string) => drawer.getByRole('definition').filter({ has: page.locator(`xpath=preceding-sibling::dt[1][normalize-space()="${term}"]`) });
  expect(await fact('Status').innerText()).toBe('Disputed');
  expect(await fact('Dispute status').innerText()).toBe('Open: answer the processor by the date below');
  expect(await fact('Taken back').innerText()).toBe('$31.25');
  expect(await fact('Reason').innerText()).toBe('service not received');
  expect(await fact('Respond by').innerText()).toContain('Dec 1, 2026');
  expect(await fact("Dispute fee (the city's cost)").innerText()).toBe('$15.00');
  const reasons = await drawer.getByRole('table', { name: 'Status history' }).locator('tbody tr td:last-child').allInnerTexts();
  expect(reasons.at(-1)).toBe("Disputed with the card's bank (service not received): $31.25 taken back");
  await expectNoSeriousAccessibilityViolations(page);

  // Lost, and read in Spanish: the dispute's outcome and every word of it in the page's language.
  await closeSandboxDispute(env.platform.processorUrl, TEST_PROCESSOR_SECRET_KEY, dispute.id, 'lost');
  await env.platform.runJob('payments.reconcile');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('button', { name: new RegExp(confirmation) }).click();
  const cajon = page.getByRole('dialog', { name: `Pago ${confirmation}` });
  await cajon.getByRole('heading', { name: 'Disputa de tarjeta' }).waitFor();
  await cajon.getByText('Perdida: el dinero queda con el titular de la tarjeta').waitFor();
  await cajon.getByText('servicio no recibido', { exact: true }).waitFor();
  const motivos = await cajon.getByRole('table', { name: 'Historial de estados' }).locator('tbody tr td:last-child').allInnerTexts();
  expect(motivos.at(-1)).toBe('Disputa resuelta a favor del titular de la tarjeta: $31.25 siguen retirados');
  env.tab.expectNoConsoleErrors();
}, 120_000);
