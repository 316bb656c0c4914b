import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { platformForFile, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { guestPaysFreshBill } from './fresh-bill-payment';
import { newKey } from './payments-api';

/*
 * A SUPPORT clerk's daily refund limit holds whether or not a refund needs a second ADMIN. Where the city's approval
 * threshold is under the clerk's limit, each large refund waits for approval, and one under the limit at a time is
 * not a way round it: what the clerk has asked today and still awaits counts, so splitting a day's takings into
 * requests is refused as refunds are; one declined no longer counts. Approval checks the requester's limit again, as
 * it stands then: it makes the refund as the clerk's, so it must fit what the clerk has left that day.
 */
// Noon in Norwalk (America/Los_Angeles) on Monday 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
const file = platformForFile({ clock });
let admin: GraphQLTestClient;
beforeAll(async () => {
  admin = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  // Large refunds from $500.00 wait for a second ADMIN; a clerk gives back up to $1,000.00 a day.
  await setRules({ refundApprovalThreshold: '500.00', supportDailyRefundLimit: '1000.00' });
});

type Problem = { field: string[]; code: string; message: string };
type Given = { refundPayment: { approval: { id: string; status: string } | null; payment: { refunded: { amount: string } } | null; userErrors: Problem[] } };
type Decided = { approveGivingBack: { approval: { status: string } | null; payment: { refunded: { amount: string } } | null; userErrors: Problem[] } };
const REFUND = `mutation Refund($input: RefundPaymentInput!) { refundPayment(input: $input) { approval { id status } payment { refunded { amount } } userErrors { field code message } } }`;
const APPROVE = `mutation Approve($input: GivingBackDecisionInput!) { approveGivingBack(input: $input) { approval { status } payment { refunded { amount } } userErrors { field code message } } }`;
const DECLINE = `mutation Decline($input: GivingBackDecisionInput!) { declineGivingBack(input: $input) { userErrors { code } } }`;

async function setRules(paymentRules: Record<string, string>): Promise<void> {
  const set = await file.platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
    'mutation($rules: PaymentRulesInput!) { updateTenant(slug: "norwalk", input: { paymentRules: $rules }) { userErrors { code } } }',
    { rules: paymentRules },
  );
  expect(set.updateTenant.userErrors).toEqual([]);
}

/** A guest's $1,200.00 card payment of a fresh account's bill of that much. */
const payment = () => guestPaysFreshBill(file.platform, admin, 'norwalk', '1200.00');

const refund = async (staff: GraphQLTestClient, paymentId: string, amount: string) =>
  (await staff.data<Given>(REFUND, { input: { paymentId, amount, reason: 'billed twice', idempotencyKey: newKey('refund') } })).refundPayment;
const approve = async (approvalId: string, language = 'en') =>
  (await admin.withHeaders({ 'accept-language': language }).data<Decided>(APPROVE, { input: { approvalId, reason: 'checked the bill' } })).approveGivingBack;
const refundedBy = async (actor: string) =>
  (await tenantRows<{ cents: string }>(file.platform, 'norwalk', `SELECT coalesce(sum(amount_cents), 0)::text AS cents FROM payment_operations WHERE actor = $1 AND status <> 'FAILED'`, [actor]))[0]!
    .cents;
const viewerId = async (staff: GraphQLTestClient) => (await staff.data<{ viewer: { user: { id: string } } }>('{ viewer { user { id } } }')).viewer.user.id;

it("counts a clerk's requests awaiting approval against their day, so large refunds split into requests stop at the limit; a declined one no longer counts", async () => {
  const clerk = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
  const [first, second, third] = [await payment(), await payment(), await payment()];
  const asked = await refund(clerk, first, '600.00');
  expect(asked.approval?.status).toBe('AWAITING');
  expect((await refund(clerk, second, '600.00')).userErrors).toEqual([
    {
      field: ['input', 'amount'],
      code: 'REFUND_LIMIT_REACHED',
      message: 'Support staff may refund up to $1,000.00 a day, and you have $400.00 left today: an administrator must make this refund.',
    },
  ]);
  // Under the threshold, made at once: $1,000.00 of the clerk's day, with the request.
  expect((await refund(clerk, second, '400.00')).payment?.refunded.amount).toBe('400.00');
  expect((await refund(clerk, third, '0.01')).userErrors.map((e) => e.code)).toEqual(['REFUND_LIMIT_REACHED']);

  expect((await admin.data<{ declineGivingBack: { userErrors: unknown[] } }>(DECLINE, { input: { approvalId: asked.approval!.id, reason: 'not owed' } })).declineGivingBack.userErrors).toEqual([]);
  const again = await refund(clerk, third, '600.00');
  expect(again.approval?.status).toBe('AWAITING');
  const approved = await approve(again.approval!.id);
  expect([approved.userErrors, approved.approval?.status, approved.payment?.refunded.amount]).toEqual([[], 'APPROVED', '600.00']);
  expect(await refundedBy(await viewerId(clerk))).toBe('100000');
});

it("checks the requester's limit again at approval, as the city's limit stands then, and says so to the approver in their language", async () => {
  const clerk = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
  const asked = await refund(clerk, await payment(), '600.00');
  expect(asked.approval?.status).toBe('AWAITING');
  await setRules({ supportDailyRefundLimit: '300.00' });
  const refusals = [await approve(asked.approval!.id), await approve(asked.approval!.id, 'es')];
  expect(refusals.map((answer) => answer.userErrors)).toEqual([
    [
      {
        field: ['input', 'approvalId'],
        code: 'REFUND_LIMIT_REACHED',
        message: 'The support staff member who asked for this may give back up to $300.00 a day and has $300.00 left today: decline it, or make the refund or void yourself.',
      },
    ],
    [
      {
        field: ['input', 'approvalId'],
        code: 'REFUND_LIMIT_REACHED',
        message: 'El miembro del personal de soporte que la pidió puede devolver hasta $300.00 al día y hoy le quedan $300.00: rechácela, o haga usted mismo el reembolso o la anulación.',
      },
    ],
  ]);
  expect(await refundedBy(await viewerId(clerk))).toBe('0');
  await setRules({ supportDailyRefundLimit: '1000.00' });
  expect((await approve(asked.approval!.id)).approval?.status).toBe('APPROVED');
  expect(await refundedBy(await viewerId(clerk))).toBe('60000');
});
