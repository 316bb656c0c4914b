import { platformInBrowser } from './browser';
import { guestPays, signInAs } from './console-staff';
import { CITIES } from './web-pages';

// A Norwalk clerk working in Español opens a payment on the board: its status history says why each step happened in
// Spanish (the API's reasonLabel; test/payments/history-in-spanish.test.ts has every reason).
const env = platformInBrowser();
const NORWALK = CITIES[0]; // English and Spanish

it("the payment drawer says why each step happened in Spanish, as the page's other words", async () => {
  const confirmation = await guestPays(env.platform, 'norwalk', '20.00');
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'SUPPORT');
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('button', { name: new RegExp(confirmation) }).click();
  const history = page.getByRole('dialog', { name: `Pago ${confirmation}` }).getByRole('table', { name: 'Historial de estados' });
  await history.getByRole('cell', { name: 'Cobrado', exact: true }).waitFor();
  const reasons = await history.locator('tbody tr td:last-child').allInnerTexts();
  expect(reasons).toEqual(['Pago realizado', 'Tarjeta cobrada']);
  env.tab.expectNoConsoleErrors();
}, 90_000);
