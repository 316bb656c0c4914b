import type { GraphQLTestClient } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { newKey } from '../payments/payments-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser } from './browser';
import { goToAccounts, openAccount } from './console-account-pages';
import { guestPays, signInAs } from './console-staff';
import { CITIES, focused, perceived } from './web-pages';

/*
 * Two people for large sums, in the console: a refund of $2,500.00 or more that another administrator asked for
 * arrives live on the ADMIN's Approvals page (announced, since a row added to a table is silent), and the ADMIN
 * approves it from the keyboard, with a reason: the row leaves and the page says it was approved. Decline's reason form
 * backs out with Escape to the button that opened it; the page reads in Spanish.
 */
const env = platformInBrowser({ demoDataAt: 'today' });
beforeEach(() => env.tab.page.setDefaultTimeout(10_000));
const [NORWALK] = CITIES;
let asker: GraphQLTestClient;
beforeAll(async () => {
  asker = await signInStaff(env.platform, 'norwalk', 'ADMIN');
});

type Given = { refundPayment: { approval: { status: string; expiresAt: string | null } | null; userErrors: unknown[] } };
const REFUND = 'mutation Refund($input: RefundPaymentInput!) { refundPayment(input: $input) { approval { status expiresAt } userErrors { code } } }';
const PAYMENT = 'query Payment($number: String!) { payments(filter: { confirmationNumber: $number }, first: 1) { edges { node { id refunded { formatted } } } } }';

/** A guest's $3,000.00 payment, and another administrator's refund of $2,600.00 of it, awaiting approval: its confirmation number, and when the request expires. */
async function largeRefundAsked(): Promise<{ confirmation: string; paymentId: string; expiresAt: string }> {
  const confirmation = await guestPays(env.platform, 'norwalk', '3000.00');
  const found = await asker.data<{ payments: { edges: { node: { id: string } }[] } }>(PAYMENT, { number: confirmation });
  const paymentId = found.payments.edges[0]!.node.id;
  const asked = await asker.data<Given>(REFUND, { input: { paymentId, amount: '2600.00', reason: 'billed twice', idempotencyKey: newKey('refund') } });
  expect(asked.refundPayment).toEqual({ approval: { status: 'AWAITING', expiresAt: expect.any(String) }, userErrors: [] });
  return { confirmation, paymentId, expiresAt: asked.refundPayment.approval!.expiresAt! };
}

it('announces a large refund arriving live, and lets the ADMIN approve it from the keyboard with a reason', async () => {
  const { page } = env.tab;
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Approvals' }).click();
  await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
  await page.getByText('Refunds and voids of $2,500.00 or more wait here').waitFor();
  await page.getByRole('status').filter({ hasText: 'Live updates: Live' }).waitFor();
  const before = await perceived(page);

  const { confirmation, expiresAt } = await largeRefundAsked();
  const row = page.getByRole('row').filter({ hasText: confirmation });
  await row.waitFor();
  // The city's week for a decision: said above the queue, and the day it runs out in the row (the city's calendar).
  await page.getByText('A request not decided within 7 days expires, and nothing is sent: whoever asked must ask again.').waitFor();
  const expiryDay = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', dateStyle: 'medium' }).format(new Date(expiresAt));
  // Cells after the payment's row header: request, amount, asked by, reason, asked, expires.
  expect(await row.getByRole('cell').nth(5).innerText()).toContain(expiryDay);
  const announced = (await perceived(page)).live.filter((text) => !before.live.includes(text));
  expect(announced).toEqual([`New request to approve: refund of $2,600.00, payment ${confirmation}`]);
  const { viewer } = await asker.data<{ viewer: { user: { name: string; email: string } } }>('{ viewer { user { name email } } }');
  expect(await row.getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining(['Refund', '$2,600.00', `${viewer.user.name} (${viewer.user.email})`, 'billed twice']));
  await expectNoSeriousAccessibilityViolations(page);

  // Keyboard only: to Approve, Enter; the reason field has focus; an empty reason is refused at the field; Enter sends.
  await row.getByRole('button', { name: `Approve refund of $2,600.00, payment ${confirmation}` }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: `Approve refund of $2,600.00, payment ${confirmation}` });
  await form.waitFor();
  expect(await focused(page)).toBe('INPUT: ');
  await page.keyboard.press('Enter');
  await form.getByText('Enter a reason.').waitFor();
  await page.keyboard.type('Checked the account: billed twice');
  await page.keyboard.press('Enter');
  await page
    .getByRole('status')
    .filter({ hasText: `Approved: refund of $2,600.00 on payment ${confirmation}.` })
    .waitFor();
  await row.waitFor({ state: 'detached' });
  await page.getByText('No refunds or voids are waiting for approval.').waitFor();

  const paid = await asker.data<{ payments: { edges: { node: { refunded: { formatted: string } } }[] } }>(PAYMENT, { number: confirmation });
  expect(paid.payments.edges[0]!.node.refunded.formatted).toBe('$2,600.00');
});

it('backs out of Decline with Escape to the button that opened it, and reads in Spanish', async () => {
  const { page } = env.tab;
  const { confirmation } = await largeRefundAsked();
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Approvals' }).click();
  await page.getByRole('button', { name: 'Español' }).click();
  const row = page.getByRole('row').filter({ hasText: confirmation });
  await row.getByRole('cell', { name: 'Reembolso', exact: true }).waitFor();
  const decline = row.getByRole('button', { name: `Rechazar reembolso de $2,600.00, pago ${confirmation}` });
  await decline.click();
  await page
    .getByRole('form', { name: `Rechazar reembolso de $2,600.00, pago ${confirmation}` })
    .getByLabel('Por qué lo rechaza')
    .waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('form').waitFor({ state: 'detached' });
  expect(await focused(page)).toBe('BUTTON: Rechazar');

  await decline.click();
  await page.getByLabel('Por qué lo rechaza').fill('La factura era correcta');
  await page.getByRole('button', { name: 'Sí, rechazar' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Rechazado: reembolso de $2,600.00 del pago ${confirmation}. No se devolvió nada.` })
    .waitFor();
  await row.waitFor({ state: 'detached' });
});

it("says on the account page that a large refund was sent for approval, and shows it to its own asker as another administrator's to decide", async () => {
  const { page } = env.tab;
  const confirmation = await guestPays(env.platform, 'norwalk', '3000.00');
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await goToAccounts(page);
  await openAccount(page, '10-1001-00');
  await page.getByRole('button', { name: `Refund ${confirmation}` }).click();
  const dialog = page.getByRole('dialog', { name: `Refund payment ${confirmation}` });
  await dialog.getByLabel('Amount to refund').fill('3000.00');
  await dialog.getByLabel('Reason', { exact: true }).fill('Paid the wrong city');
  await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Refund of payment ${confirmation} sent for approval: another administrator must approve it before any money goes back.` })
    .waitFor();

  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Approvals' }).click();
  const row = page.getByRole('row').filter({ hasText: confirmation });
  await row.getByText('You asked for this: another administrator decides.').waitFor();
  expect(await row.getByRole('button').count()).toBe(0);
});
