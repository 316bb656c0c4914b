import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { platformForFile, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { CHANGE_ROLE, DISABLE, viewerId } from '../customers/staff-removal';
import { whileHeld } from '../db/lock-waits';
import { guestPaysFreshBill } from './fresh-bill-payment';
import { BANK, PAYMENT_FIELDS, bankToken, newKey, processorCharges, refundAtProcessor, voidAtProcessor } from './payments-api';

/*
 * A city's billing office does not let one person send large sums back. A refund or void at or above the city's
 * refundApprovalThreshold (default $2,500.00; a refund counted with what the payment has given back already) is
 * recorded as awaiting approval and nothing moves at the processor; a different ADMIN approves it (then it is made,
 * once, however many approve at once) or declines it, with a reason. The one who asked cannot approve their own, an
 * approver demoted meanwhile is refused, and a payment refunded meanwhile by other means is not refunded past what it
 * has. The audit log names the requester and the approver.
 */
// Noon in Norwalk on Monday 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
const file = platformForFile({ clock, jobs: true });
let asker: GraphQLTestClient;
let approver: GraphQLTestClient;
let askerId: string;
let approverId: string;
beforeAll(async () => {
  asker = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  approver = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  [askerId, approverId] = [await viewerId(asker), await viewerId(approver)];
});

const USER_ERRORS = 'userErrors { field code message }';
const APPROVAL = 'approval { id kind status amount { amount } reason requestedBy mine decidedBy confirmationNumber }';
type Problem = { field: string[]; code: string; message: string };
type Approval = { id: string; kind: string; status: string; amount: { amount: string }; reason: string; requestedBy: string; mine: boolean; decidedBy: string | null; confirmationNumber: string };
type Given = { payment: { status: string; refunded: { amount: string } } | null; approval: Approval | null; userErrors: Problem[] };
type Decided = { approval: Approval | null; payment: { status: string; refunded: { amount: string } } | null; userErrors: Problem[] };

const REFUND = `mutation Refund($input: RefundPaymentInput!) { refundPayment(input: $input) { payment { ${PAYMENT_FIELDS} } ${APPROVAL} ${USER_ERRORS} } }`;
const VOID = `mutation Void($input: VoidPaymentInput!) { voidPayment(input: $input) { payment { ${PAYMENT_FIELDS} } ${APPROVAL} ${USER_ERRORS} } }`;
const APPROVE = `mutation Approve($input: GivingBackDecisionInput!) { approveGivingBack(input: $input) { ${APPROVAL} payment { ${PAYMENT_FIELDS} } ${USER_ERRORS} } }`;
const DECLINE = `mutation Decline($input: GivingBackDecisionInput!) { declineGivingBack(input: $input) { ${APPROVAL} payment { ${PAYMENT_FIELDS} } ${USER_ERRORS} } }`;
const AWAITING = '{ givingBackApprovalsAwaiting { id status amount { amount } mine } }';

const refund = async (staff: GraphQLTestClient, paymentId: string, amount: string, idempotencyKey = newKey('refund')) =>
  (await staff.data<{ refundPayment: Given }>(REFUND, { input: { paymentId, amount, reason: 'billed twice', idempotencyKey } })).refundPayment;
const voidIt = async (staff: GraphQLTestClient, paymentId: string) => (await staff.data<{ voidPayment: Given }>(VOID, { input: { paymentId, reason: 'charged in error' } })).voidPayment;
const approve = async (staff: GraphQLTestClient, approvalId: string, reason = 'checked the bill', headers: Record<string, string> = {}) =>
  (await staff.withHeaders(headers).data<{ approveGivingBack: Decided }>(APPROVE, { input: { approvalId, reason } })).approveGivingBack;
const decline = async (staff: GraphQLTestClient, approvalId: string, reason = 'not owed') =>
  (await staff.data<{ declineGivingBack: Decided }>(DECLINE, { input: { approvalId, reason } })).declineGivingBack;

/** A guest's $3,000.00 card payment of a fresh account's bill of that much. */
const bigPayment = () => guestPaysFreshBill(file.platform, asker, 'norwalk', '3000.00');

/** What the processor has of the payment's charge: its status and what it refunded, in cents. */
async function atProcessor(paymentId: string): Promise<{ status: string; refunded: string }> {
  const charge = (await processorCharges(file.platform)).find((c) => c.idempotencyKey === `payment-${paymentId}`);
  if (!charge) throw new Error(`no charge for ${paymentId}`);
  return { status: charge.status, refunded: charge.refunded };
}

const auditOf = (approvalOrPayment: string) =>
  tenantRows<{ kind: string; actor: string; detail: Record<string, string> }>(
    file.platform,
    'norwalk',
    `SELECT kind, actor, detail FROM security_events WHERE detail->>'approvalId' = $1 OR (detail->>'paymentId' = $1 AND kind IN ('PAYMENT_REFUNDED', 'PAYMENT_VOIDED')) ORDER BY occurred_at, kind DESC`,
    [approvalOrPayment],
  );

it("shows the city's threshold on its settings: $2,500.00 unless the platform operator sets another", async () => {
  const { tenant } = await file.platform.client
    .asTenant('norwalk')
    .data<{ tenant: { paymentRules: { refundApprovalThreshold: { amount: string; formatted: string } } } }>('{ tenant { paymentRules { refundApprovalThreshold { amount formatted } } } }');
  expect(tenant.paymentRules.refundApprovalThreshold).toEqual({ amount: '2500.00', formatted: '$2,500.00' });
  type Rules = { updateTenant: { tenant: { paymentRules: { refundApprovalThreshold: { amount: string } } } | null; userErrors: { field: string[]; code: string }[] } };
  const setThreshold = (threshold: string) =>
    file.platform.operator.data<Rules>(
      'mutation($t: String!) { updateTenant(slug: "norman", input: { paymentRules: { refundApprovalThreshold: $t } }) { tenant { paymentRules { refundApprovalThreshold { amount } } } userErrors { field code } } }',
      { t: threshold },
    );
  expect((await setThreshold('-1.00')).updateTenant.userErrors).toEqual([{ field: ['input', 'paymentRules', 'refundApprovalThreshold'], code: 'INVALID_AMOUNT' }]);
  expect((await setThreshold('500.00')).updateTenant.tenant?.paymentRules.refundApprovalThreshold.amount).toBe('500.00');
});

it('sends nothing for a large refund until another ADMIN approves it; the asker cannot approve their own; the audit log names both; it is made once', async () => {
  const paymentId = await bigPayment();
  const key = newKey('refund');
  const asked = await refund(asker, paymentId, '2600.00', key);
  expect(asked.userErrors).toEqual([]);
  expect(asked.payment?.refunded.amount).toBe('0.00');
  expect(asked.approval).toEqual(expect.objectContaining({ kind: 'REFUND', status: 'AWAITING', amount: { amount: '2600.00' }, requestedBy: askerId, mine: true, decidedBy: null }));
  expect(await atProcessor(paymentId)).toEqual({ status: 'CAPTURED', refunded: '0' });
  // Sent again under its key: the same request, not a second one.
  expect((await refund(asker, paymentId, '2600.00', key)).approval?.id).toBe(asked.approval!.id);
  const approvalId = asked.approval!.id;
  expect((await approver.data<{ givingBackApprovalsAwaiting: { id: string; mine: boolean }[] }>(AWAITING)).givingBackApprovalsAwaiting).toContainEqual(
    expect.objectContaining({ id: approvalId, mine: false }),
  );

  const own = [await approve(asker, approvalId), await approve(asker, approvalId, 'ok', { 'accept-language': 'es' })];
  expect(own.map((answer) => answer.userErrors)).toEqual([
    [{ field: ['input', 'approvalId'], code: 'SECOND_STAFF_REQUIRED', message: 'You asked for this yourself: another administrator must approve or decline it.' }],
    [{ field: ['input', 'approvalId'], code: 'SECOND_STAFF_REQUIRED', message: 'Usted mismo la pidió: otro administrador debe aprobarla o rechazarla.' }],
  ]);
  expect((await decline(asker, approvalId)).userErrors.map((e) => e.code)).toEqual(['SECOND_STAFF_REQUIRED']);
  expect((await approve(approver, approvalId, '  ')).userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'reason'], 'REQUIRED']]);
  expect(await atProcessor(paymentId)).toEqual({ status: 'CAPTURED', refunded: '0' });

  // Two approvers at once: made once.
  const [first, second] = await Promise.all([approve(approver, approvalId), approve(approver, approvalId)]);
  expect([first.userErrors, second.userErrors]).toEqual([[], []]);
  expect(first.approval).toEqual(expect.objectContaining({ status: 'APPROVED', decidedBy: approverId }));
  expect(first.payment?.refunded.amount).toBe('2600.00');
  expect(await atProcessor(paymentId)).toEqual({ status: 'CAPTURED', refunded: '260000' });
  // The requester's key sent again answers with the refund it made, not another.
  expect((await refund(asker, paymentId, '2600.00', key)).payment?.refunded.amount).toBe('2600.00');
  const operations = await tenantRows<{ actor: string; amount: string }>(file.platform, 'norwalk', 'SELECT actor, amount_cents::text AS amount FROM payment_operations WHERE payment_id = $1', [
    paymentId,
  ]);
  expect(operations).toEqual([{ actor: askerId, amount: '260000' }]);

  const audit = await auditOf(approvalId);
  expect(audit.map(({ kind, actor }) => [kind, actor])).toEqual([
    ['GIVING_BACK_REQUESTED', askerId],
    ['GIVING_BACK_APPROVED', approverId],
  ]);
  expect(audit[1]!.detail).toEqual(expect.objectContaining({ requestedBy: askerId, decidedBy: approverId, decisionReason: 'checked the bill', amountCents: '260000' }));
  expect(await auditOf(paymentId)).toEqual([{ kind: 'PAYMENT_REFUNDED', actor: askerId, detail: expect.objectContaining({ approvedBy: approverId, amountCents: '260000' }) }]);
});

it('counts a refund with what the payment gave back already, so a large sum split in two still needs approval', async () => {
  const paymentId = await bigPayment();
  expect((await refund(asker, paymentId, '2000.00')).payment?.refunded.amount).toBe('2000.00');
  const rest = await refund(asker, paymentId, '600.00');
  expect(rest.approval?.status).toBe('AWAITING');
  expect(await atProcessor(paymentId)).toEqual({ status: 'CAPTURED', refunded: '200000' });
});

it('makes nothing on a declined request: its key answers DECLINED and it cannot be approved after', async () => {
  const paymentId = await bigPayment();
  const key = newKey('refund');
  const approvalId = (await refund(asker, paymentId, '3000.00', key)).approval!.id;
  const declined = await decline(approver, approvalId, 'the bill was right');
  expect(declined.approval).toEqual(expect.objectContaining({ status: 'DECLINED', decidedBy: approverId }));
  expect((await approve(approver, approvalId)).userErrors).toEqual([
    { field: ['input', 'approvalId'], code: 'APPROVAL_NOT_AWAITING', message: 'This request no longer awaits approval: it was approved or declined meanwhile.' },
  ]);
  expect((await refund(asker, paymentId, '3000.00', key)).approval?.status).toBe('DECLINED');
  expect(await atProcessor(paymentId)).toEqual({ status: 'CAPTURED', refunded: '0' });
  expect((await auditOf(approvalId)).map(({ kind, actor }) => [kind, actor])).toEqual([
    ['GIVING_BACK_REQUESTED', askerId],
    ['GIVING_BACK_DECLINED', approverId],
  ]);
});

it('refuses to approve a refund the payment no longer has room for, refunded meanwhile in the processor dashboard, and sends nothing more', async () => {
  const paymentId = await bigPayment();
  const approvalId = (await refund(asker, paymentId, '2600.00')).approval!.id;
  await refundAtProcessor(file.platform, paymentId, 100000n);
  const answer = await approve(approver, approvalId);
  expect(answer.userErrors).toEqual([{ field: ['input', 'amount'], code: 'REFUND_TOO_LARGE', message: 'At most $2,000.00 is left to refund.' }]);
  expect(await atProcessor(paymentId)).toEqual({ status: 'CAPTURED', refunded: '100000' });
  expect((await decline(approver, approvalId, 'refunded by phone')).approval?.status).toBe('DECLINED');
});

it('holds a large void for approval, answers a second asking with the same request, and voids once approved', async () => {
  const paymentId = await bigPayment();
  const asked = await voidIt(asker, paymentId);
  expect(asked.approval).toEqual(expect.objectContaining({ kind: 'VOID', status: 'AWAITING', amount: { amount: '3000.00' } }));
  expect((await voidIt(asker, paymentId)).approval?.id).toBe(asked.approval!.id);
  expect(await atProcessor(paymentId)).toEqual(expect.objectContaining({ status: 'CAPTURED' }));
  const approved = await approve(approver, asked.approval!.id);
  expect(approved.userErrors).toEqual([]);
  expect(approved.payment?.status).toBe('VOIDED');
  expect(await atProcessor(paymentId)).toEqual(expect.objectContaining({ status: 'VOIDED' }));
  expect(await auditOf(paymentId)).toEqual([{ kind: 'PAYMENT_VOIDED', actor: askerId, detail: expect.objectContaining({ approvedBy: approverId }) }]);
});

it('does not call a void approved that was voided meanwhile in the processor dashboard: the approver is told, and it stays to be declined', async () => {
  const paymentId = await bigPayment();
  const approvalId = (await voidIt(asker, paymentId)).approval!.id;
  await voidAtProcessor(file.platform, paymentId);
  const answer = await approve(approver, approvalId);
  expect(answer.userErrors.map((e) => [e.field, e.code, e.message])).toEqual([[['input', 'paymentId'], 'NOT_VOIDABLE', 'A payment whose status is "Voided" cannot be voided or refunded.']]);
  const [row] = await tenantRows<{ status: string }>(file.platform, 'norwalk', 'SELECT status FROM giving_back_approvals WHERE id = $1', [approvalId]);
  expect(row?.status).toBe('AWAITING');
  expect((await decline(approver, approvalId, 'voided by phone')).approval?.status).toBe('DECLINED');
});

it('refuses to carry out a request whose asker has had their staff access taken away since, in English and Spanish; it is declined instead', async () => {
  const paymentId = await bigPayment();
  const leaver = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  const leaverId = await viewerId(leaver);
  const approvalId = (await refund(leaver, paymentId, '2600.00')).approval!.id;
  expect((await approver.data<{ disableStaffUser: { userErrors: unknown[] } }>(DISABLE, { userId: leaverId })).disableStaffUser.userErrors).toEqual([]);
  const answers = [await approve(approver, approvalId), await approve(approver, approvalId, 'ok', { 'accept-language': 'es' })];
  expect(answers.map((answer) => answer.userErrors)).toEqual([
    [
      {
        field: ['input', 'approvalId'],
        code: 'REQUESTER_NOT_STAFF',
        message: 'The staff member who asked for this no longer has staff access: decline it, and ask for it yourself if it is still owed.',
      },
    ],
    [{ field: ['input', 'approvalId'], code: 'REQUESTER_NOT_STAFF', message: 'El miembro del personal que lo pidió ya no tiene acceso: rechácelo y pídalo usted mismo si aún corresponde.' }],
  ]);
  expect(await atProcessor(paymentId)).toEqual({ status: 'CAPTURED', refunded: '0' });
  expect((await decline(approver, approvalId, 'asked by a leaver')).approval?.status).toBe('DECLINED');
});

it('refuses an approval still waiting on the payment when its ADMIN is made SUPPORT meanwhile, and sends nothing', async () => {
  const paymentId = await bigPayment();
  const approvalId = (await refund(asker, paymentId, '2600.00')).approval!.id;
  const rogue = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  const rogueId = await viewerId(rogue);
  const answer = await whileHeld(
    file.platform.db,
    'norwalk',
    { sql: 'SELECT 1 FROM payments WHERE id = $1 FOR UPDATE', params: [paymentId] },
    () => rogue.request(APPROVE, { input: { approvalId, reason: 'fine' } }),
    async () => {
      expect((await approver.data<{ changeStaffRole: { userErrors: unknown[] } }>(CHANGE_ROLE, { input: { userId: rogueId, role: 'SUPPORT' } })).changeStaffRole.userErrors).toEqual([]);
    },
  );
  expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  expect(await atProcessor(paymentId)).toEqual({ status: 'CAPTURED', refunded: '0' });
  const [row] = await tenantRows<{ status: string }>(file.platform, 'norwalk', 'SELECT status FROM giving_back_approvals WHERE id = $1', [approvalId]);
  expect(row?.status).toBe('AWAITING');
});

it("keeps one city's requests from another city's ADMIN: not listed, not approvable", async () => {
  const paymentId = await bigPayment();
  const approvalId = (await refund(asker, paymentId, '2600.00')).approval!.id;
  const normanAdmin = await signInStaff(file.platform, 'norman', 'ADMIN');
  expect((await normanAdmin.data<{ givingBackApprovalsAwaiting: { id: string }[] }>(AWAITING)).givingBackApprovalsAwaiting.map((a) => a.id)).not.toContain(approvalId);
  expect((await approve(normanAdmin, approvalId)).userErrors.map((e) => e.code)).toEqual(['APPROVAL_NOT_AWAITING']);
  expect((await decline(normanAdmin, approvalId)).userErrors.map((e) => e.code)).toEqual(['APPROVAL_NOT_AWAITING']);
  expect(await atProcessor(paymentId)).toEqual({ status: 'CAPTURED', refunded: '0' });
});

it('decides a request once when one ADMIN approves it as another declines it: the other is told it no longer awaits', async () => {
  const paymentId = await bigPayment();
  const approvalId = (await refund(asker, paymentId, '2600.00')).approval!.id;
  const other = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  const [approved, declined] = await Promise.all([approve(approver, approvalId), decline(other, approvalId)]);
  const [won, lost] = approved.userErrors.length === 0 ? [approved, declined] : [declined, approved];
  expect([won.userErrors, lost.userErrors.map((e) => e.code)]).toEqual([[], ['APPROVAL_NOT_AWAITING']]);
  expect(won.approval?.status).toBe(won === approved ? 'APPROVED' : 'DECLINED');
  expect(await atProcessor(paymentId)).toEqual({ status: 'CAPTURED', refunded: won === approved ? '260000' : '0' });
});

it('names who asked, by name and email, to the ADMIN who decides', async () => {
  const paymentId = await bigPayment();
  const approvalId = (await refund(asker, paymentId, '2600.00')).approval!.id;
  const { viewer } = await asker.data<{ viewer: { user: { id: string; name: string; email: string } } }>('{ viewer { user { id name email } } }');
  const queue = await approver.data<{ givingBackApprovalsAwaiting: { id: string; requester: { id: string; name: string | null; email: string | null } | null }[] }>(
    '{ givingBackApprovalsAwaiting { id requester { id name email } } }',
  );
  expect(queue.givingBackApprovalsAwaiting.find((a) => a.id === approvalId)?.requester).toEqual({ id: askerId, name: viewer.user.name, email: viewer.user.email });
  expect(viewer.user.name).toMatch(/^Staff \d+$/);
});

it('lets no SUPPORT clerk approve or decline, nor see the queue', async () => {
  const paymentId = await bigPayment();
  const approvalId = (await refund(asker, paymentId, '2600.00')).approval!.id;
  const clerk = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
  const answers = [await clerk.request(APPROVE, { input: { approvalId, reason: 'x' } }), await clerk.request(DECLINE, { input: { approvalId, reason: 'x' } }), await clerk.request(AWAITING)];
  expect(answers.map((answer) => answer.errors?.map((error) => error.extensions?.code))).toEqual([['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN']]);
});

describe('refunds attacked generally', () => {
  /** A guest's payment of a fresh account's bill of `amount`, by card or (with a bank token) e-check. */
  const paid = (amount: string, token?: string) => guestPaysFreshBill(file.platform, asker, 'norwalk', amount, token);

  it('never gives back more than was paid when partial refunds that add past it are sent at once', async () => {
    const paymentId = await paid('100.00');
    const answers = await Promise.all([refund(asker, paymentId, '40.00'), refund(approver, paymentId, '40.00'), refund(asker, paymentId, '40.00')]);
    expect(answers.filter((answer) => answer.userErrors.length === 0)).toHaveLength(2);
    expect(answers.flatMap((answer) => answer.userErrors.map((e) => e.code))).toEqual(['REFUND_TOO_LARGE']);
    expect(await atProcessor(paymentId)).toEqual({ status: 'CAPTURED', refunded: '8000' });
  });

  it('makes one of a refund and a void sent at once, never both', async () => {
    const paymentId = await paid('100.00');
    const [refunded, voided] = await Promise.all([refund(asker, paymentId, '50.00'), voidIt(approver, paymentId)]);
    const charge = await atProcessor(paymentId);
    if (refunded.userErrors.length === 0) {
      expect(voided.userErrors.map((e) => e.code)).toEqual(['NOT_VOIDABLE']);
      expect(charge).toEqual({ status: 'CAPTURED', refunded: '5000' });
    } else {
      expect(voided.payment?.status).toBe('VOIDED');
      expect(refunded.userErrors.map((e) => e.code)).toEqual(['NOT_REFUNDABLE']);
      expect(charge).toEqual({ status: 'VOIDED', refunded: '0' });
    }
  });

  it('refuses to refund an e-check its bank returned: the money never came', async () => {
    const paymentId = await paid('500.00', await bankToken(file.platform, BANK.accounts.returnsInsufficientFunds));
    clock.set(new Date('2026-11-30T20:00:00Z'));
    try {
      await file.platform.runJob('payments.settle-echecks');
    } finally {
      clock.set(new Date('2026-11-23T20:00:00Z'));
    }
    const [row] = await tenantRows<{ status: string }>(file.platform, 'norwalk', 'SELECT status FROM payments WHERE id = $1', [paymentId]);
    expect(row?.status).toBe('RETURNED');
    const answer = await refund(asker, paymentId, '500.00');
    expect(answer.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'paymentId'], 'NOT_REFUNDABLE']]);
    expect((await voidIt(asker, paymentId)).userErrors.map((e) => e.code)).toEqual(['NOT_VOIDABLE']);
    expect(await atProcessor(paymentId)).toEqual(expect.objectContaining({ refunded: '0' }));
  });

  it("lets no other city's staff refund or void a payment, nor learn that it exists", async () => {
    const paymentId = await paid('100.00');
    const normanAdmin = await signInStaff(file.platform, 'norman', 'ADMIN');
    expect((await refund(normanAdmin, paymentId, '10.00')).userErrors.map((e) => e.code)).toEqual(['PAYMENT_NOT_FOUND']);
    expect((await voidIt(normanAdmin, paymentId)).userErrors.map((e) => e.code)).toEqual(['PAYMENT_NOT_FOUND']);
    expect(await atProcessor(paymentId)).toEqual({ status: 'CAPTURED', refunded: '0' });
  });
});
