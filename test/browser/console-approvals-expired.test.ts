import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { guestPaysFreshBill } from '../payments/fresh-bill-payment';
import { newKey } from '../payments/payments-api';
import { expectNoSeriousAccessibilityViolations, platformInBrowser } from './browser';
import { signInAs } from './console-staff';
import { CITIES } from './web-pages';

/*
 * A refund awaiting a second ADMIN may be decided for the city's 7 days, no longer: the server refuses it after
 * (APPROVAL_EXPIRED), but the hourly job marks it EXPIRED only at its next run, and until then the Approvals page kept
 * offering Approve. Now a request past its time shows as expired with nothing to decide, as the page opens and as its
 * time runs out while the page is open.
 */
const START = new Date('2026-11-23T20:00:00Z');
const clock = new FixedClock(START);
const env = platformInBrowser({ clock });
beforeEach(() => env.tab.page.setDefaultTimeout(15_000));
const [NORWALK] = CITIES;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(START.getTime() + ms);

type Asked = { refundPayment: { approval: { id: string; status: string; expiresAt: string } | null; userErrors: unknown[] } };
const REFUND = 'mutation Refund($input: RefundPaymentInput!) { refundPayment(input: $input) { approval { id status expiresAt } userErrors { code } } }';

/** Another ADMIN's refund of $2,600.00 of a fresh $3,000.00 payment, asked now (the server's clock): its confirmation number and expiry. */
async function refundAsked(asker: GraphQLTestClient): Promise<{ confirmation: string; approvalId: string; expiresAt: string }> {
  const paymentId = await guestPaysFreshBill(env.platform, asker, 'norwalk', '3000.00');
  const asked = await asker.data<Asked>(REFUND, { input: { paymentId, amount: '2600.00', reason: 'billed twice', idempotencyKey: newKey('refund') } });
  expect(asked.refundPayment.userErrors).toEqual([]);
  const { payment } = await asker.data<{ payment: { confirmationNumber: string } }>('query P($id: UUID!) { payment(id: $id) { confirmationNumber } }', { id: paymentId });
  return { confirmation: payment.confirmationNumber, approvalId: asked.refundPayment.approval!.id, expiresAt: asked.refundPayment.approval!.expiresAt };
}

it('shows a refund past its time as expired, with no Approve, as the page opens and as the time runs out while it is open', async () => {
  const late = await refundAsked(await signInStaff(env.platform, 'norwalk', 'ADMIN'));
  clock.set(at(HOUR));
  const timely = await refundAsked(await signInStaff(env.platform, 'norwalk', 'ADMIN'));
  expect([late.expiresAt, timely.expiresAt]).toEqual([at(7 * DAY).toISOString(), at(7 * DAY + HOUR).toISOString()]);

  // A minute past the first one's time; the hourly job has not run.
  const now = at(7 * DAY + 60_000);
  clock.set(now);
  const { page } = env.tab;
  await page.clock.install({ time: now });
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Approvals' }).click();
  const lateRow = page.getByRole('row').filter({ hasText: late.confirmation });
  const timelyRow = page.getByRole('row').filter({ hasText: timely.confirmation });
  await timelyRow.getByRole('button', { name: `Approve refund of $2,600.00, payment ${timely.confirmation}` }).waitFor();
  await lateRow.getByText('Expired undecided: nothing was sent. Whoever asked must ask again.').waitFor();
  expect(await lateRow.getByRole('button').count()).toBe(0);
  await expectNoSeriousAccessibilityViolations(page);

  // The server agrees: the late one is not awaiting, and may not be approved.
  const approver = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const { givingBackApprovalsAwaiting } = await approver.data<{ givingBackApprovalsAwaiting: { id: string }[] }>('{ givingBackApprovalsAwaiting { id } }');
  expect(givingBackApprovalsAwaiting.map((approval) => approval.id)).toEqual([timely.approvalId]);

  // The other one's hour runs out while the page is open: it turns expired then, without a reload or the job.
  await page.clock.fastForward(HOUR);
  await timelyRow.getByText('Expired undecided: nothing was sent. Whoever asked must ask again.').waitFor();
  expect(await timelyRow.getByRole('button').count()).toBe(0);
  env.tab.expectNoConsoleErrors();
}, 90_000);

it("measures a request's time by the platform's clock, not a device's clock that is wrong", async () => {
  clock.set(at(20 * DAY));
  const soon = await refundAsked(await signInStaff(env.platform, 'norwalk', 'ADMIN'));
  clock.set(at(21 * DAY));
  const later = await refundAsked(await signInStaff(env.platform, 'norwalk', 'ADMIN'));
  // Past the first one's time by the platform's clock; the clerk's PC is two hours slow, so by its own clock neither
  // has run out, and two hours fast would make both look run out.
  const now = at(27 * DAY + HOUR);
  clock.set(now);
  const { page } = env.tab;
  await page.clock.install({ time: new Date(now.getTime() - 2 * HOUR) });
  await signInAs(page, env.platform, NORWALK, 'ADMIN');
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Approvals' }).click();
  const soonRow = page.getByRole('row').filter({ hasText: soon.confirmation });
  const laterRow = page.getByRole('row').filter({ hasText: later.confirmation });
  await laterRow.getByRole('button', { name: `Approve refund of $2,600.00, payment ${later.confirmation}` }).waitFor();
  await soonRow.getByText('Expired undecided: nothing was sent. Whoever asked must ask again.').waitFor();
  expect(await soonRow.getByRole('button').count()).toBe(0);
  env.tab.expectNoConsoleErrors();
}, 90_000);
