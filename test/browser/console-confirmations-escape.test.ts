import { randomUUID } from 'node:crypto';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { amountDue } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { platformInBrowser } from './browser';
import { signInAs } from './console-staff';
import { CITIES, perceived } from './web-pages';

/*
 * The console asks "are you sure?" in place, below the button pressed, for two things that cannot be undone: restoring
 * a disconnected account's service, and running autopay now. A staff member at the keyboard who pressed Approve by
 * mistake presses Escape, as in every dialog of the console: it did nothing, focus stayed on "Sí, aprobar", one
 * Enter away from restoring service.
 */
const env = platformInBrowser({ demoDataAt: 'today' });
const [NORWALK] = CITIES;
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));

it('backs out of approving a restoration with Escape, focus back on Approve and the request still open', async () => {
  // A clerk takes the disconnected account's whole balance in cash (posted at once); another staff member approves.
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { counterPaymentsAccepted: true } });
  const clerk = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
  const [account] = await tenantRows<{ id: string }>(env.platform, 'norwalk', 'SELECT id FROM service_accounts WHERE account_number = $1', ['10-1003-00']);
  const { due } = await amountDue(env.platform.client.asTenant('norwalk'), { accountNumber: '10-1003-00' });
  const cash = await clerk.data<{ recordCounterPayment: { userErrors: unknown[] } }>(
    'mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { userErrors { code } } }',
    { input: { idempotencyKey: randomUUID(), allocations: [{ serviceAccountId: account!.id, amount: due }], method: 'CASH', cashReceived: due, receivedBy: 'Pat Clerk' } },
  );
  expect(cash.recordCounterPayment.userErrors).toEqual([]);

  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Reconexiones' }).click();
  const approve = page.getByRole('button', { name: 'Aprobar el restablecimiento de 10-1003-00' });
  await approve.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sí, aprobar' }).waitFor();
  expect((await perceived(page)).focus).toBe('BUTTON: Sí, aprobar');

  await page.keyboard.press('Escape');
  await approve.waitFor();
  expect(await page.getByRole('button', { name: 'Sí, aprobar' }).count()).toBe(0);
  expect((await perceived(page)).focus).toBe('BUTTON: Aprobar el restablecimiento de 10-1003-00');
  const [status] = await tenantRows<{ status: string }>(env.platform, 'norwalk', 'SELECT status FROM service_accounts WHERE id = $1', [account!.id]);
  expect(status!.status).toBe('RESTORATION_PENDING');
  env.tab.expectNoConsoleErrors();
}, 90_000);

it('backs out of running autopay now with Escape, focus back on the button and no run made', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Pagos automáticos' }).click();
  await page.getByText('El pago automático aún no se ha ejecutado.').waitFor();
  const runNow = page.getByRole('button', { name: 'Ejecutar pago automático ahora' });
  await runNow.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sí, ejecutar' }).waitFor();

  await page.keyboard.press('Escape');
  await runNow.waitFor();
  expect(await page.getByRole('button', { name: 'Sí, ejecutar' }).count()).toBe(0);
  expect((await perceived(page)).focus).toBe('BUTTON: Ejecutar pago automático ahora');
  const runs = await tenantRows<{ n: string }>(env.platform, 'norwalk', 'SELECT count(*)::text AS n FROM autopay_runs');
  expect(runs[0]!.n).toBe('0');
  env.tab.expectNoConsoleErrors();
}, 90_000);
