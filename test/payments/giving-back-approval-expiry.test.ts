import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { platformForFile, signInStaff } from '../billing/billing-api';
import { bearer, signIn, tenantRows } from '../customers/customer-api';
import { guestPaysFreshBill } from './fresh-bill-payment';
import { newKey, processorCharges } from './payments-api';

/*
 * A refund or void awaiting a second ADMIN does not wait for ever: one filed against a payment as it was a week ago
 * must not be carried out on the payment as it is now, nor sit in the queue. After the city's approvalExpiryDays (7
 * unless the platform operator sets 1 to 90) it expires: an approval or a decline is refused (APPROVAL_EXPIRED, in
 * English and Spanish) and nothing is sent; the requester asking again under their key sees it EXPIRED; the hourly job
 * marks each city's by its own setting, once however often it runs; the audit log has it, as the system's.
 */
// Noon in Norwalk on Monday 2026-11-23.
const START = new Date('2026-11-23T20:00:00Z');
const clock = new FixedClock(START);
const file = platformForFile({ clock, jobs: true });
const DAY = 24 * 60 * 60 * 1000;
const later = (ms: number) => new Date(START.getTime() + ms);

const USER_ERRORS = 'userErrors { field code message }';
const APPROVAL = 'approval { id status requestedAt expiresAt }';
type Problem = { field: string[]; code: string; message: string };
type Approval = { id: string; status: string; requestedAt: string; expiresAt: string | null };
type Answer = { approval: Approval | null; payment: { refunded: { amount: string } } | null; userErrors: Problem[] };

const REFUND = `mutation Refund($input: RefundPaymentInput!) { refundPayment(input: $input) { ${APPROVAL} payment { refunded { amount } } ${USER_ERRORS} } }`;
const VOID = `mutation Void($input: VoidPaymentInput!) { voidPayment(input: $input) { ${APPROVAL} payment { refunded { amount } } ${USER_ERRORS} } }`;
const APPROVE = `mutation Approve($input: GivingBackDecisionInput!) { approveGivingBack(input: $input) { ${APPROVAL} payment { refunded { amount } } ${USER_ERRORS} } }`;
const DECLINE = `mutation Decline($input: GivingBackDecisionInput!) { declineGivingBack(input: $input) { ${APPROVAL} payment { refunded { amount } } ${USER_ERRORS} } }`;
const AWAITING = '{ givingBackApprovalsAwaiting { id expiresAt } }';

const refund = async (staff: GraphQLTestClient, paymentId: string, idempotencyKey: string) =>
  (await staff.data<{ refundPayment: Answer }>(REFUND, { input: { paymentId, amount: '2600.00', reason: 'billed twice', idempotencyKey } })).refundPayment;
const voidIt = async (staff: GraphQLTestClient, paymentId: string) => (await staff.data<{ voidPayment: Answer }>(VOID, { input: { paymentId, reason: 'charged in error' } })).voidPayment;
const decide = async (mutation: string, staff: GraphQLTestClient, approvalId: string, language = 'en') =>
  Object.values(await staff.withHeaders({ 'accept-language': language }).data<Record<string, Answer>>(mutation, { input: { approvalId, reason: 'checked the bill' } }))[0]!;
const awaiting = async (admin: GraphQLTestClient) => (await admin.data<{ givingBackApprovalsAwaiting: { id: string; expiresAt: string }[] }>(AWAITING)).givingBackApprovalsAwaiting;

/** A signed-in staff member whose sessions can be opened again after the clock moves on (an access token lasts 15 minutes). */
async function staffMember(slug: string, role: 'ADMIN' | 'SUPPORT' = 'ADMIN'): Promise<() => Promise<GraphQLTestClient>> {
  const first = await signInStaff(file.platform, slug, role);
  const { viewer } = await first.data<{ viewer: { user: { email: string; username: string | null } } }>('{ viewer { user { email username } } }');
  return async () => {
    const login = await signIn(file.platform.client.asTenant(slug), viewer.user.username ?? viewer.user.email);
    if (!login.session) throw new Error(JSON.stringify(login.userErrors));
    return bearer(file.platform.client.asTenant(slug), login.session);
  };
}

/** A guest's $3,000.00 card payment of a fresh account's bill of that much, in the city. */
const bigPayment = (slug: string, staff: GraphQLTestClient) => guestPaysFreshBill(file.platform, staff, slug, '3000.00');

const refundedAtProcessor = async (paymentId: string) => (await processorCharges(file.platform)).find((c) => c.idempotencyKey === `payment-${paymentId}`)?.refunded;
const audit = (slug: string, approvalId: string) =>
  tenantRows<{ kind: string; actor: string }>(file.platform, slug, `SELECT kind, actor FROM security_events WHERE detail->>'approvalId' = $1 ORDER BY occurred_at, kind`, [approvalId]);

type Rules = { updateTenant: { tenant: { paymentRules: { approvalExpiryDays: number } } | null; userErrors: Problem[] } };
const setExpiryDays = (slug: string, days: number, language = 'en') =>
  file.platform.operator
    .withHeaders({ 'accept-language': language })
    .data<Rules>(
      'mutation($slug: String!, $days: Int!) { updateTenant(slug: $slug, input: { paymentRules: { approvalExpiryDays: $days } }) { tenant { paymentRules { approvalExpiryDays } } userErrors { field code message } } }',
      { slug, days },
    );

afterEach(() => clock.set(START));

it("is 7 days unless the platform operator sets 1 to 90, refused otherwise in the operator's language", async () => {
  const { tenant } = await file.platform.client.asTenant('norwalk').data<{ tenant: { paymentRules: { approvalExpiryDays: number } } }>('{ tenant { paymentRules { approvalExpiryDays } } }');
  expect(tenant.paymentRules.approvalExpiryDays).toBe(7);
  const at = ['input', 'paymentRules', 'approvalExpiryDays'];
  expect([(await setExpiryDays('norman', 0)).updateTenant.userErrors, (await setExpiryDays('norman', 91, 'es')).updateTenant.userErrors]).toEqual([
    [{ field: at, code: 'INVALID', message: 'Requests awaiting approval must expire after a whole number of days from 1 to 90.' }],
    [{ field: at, code: 'INVALID', message: 'Las solicitudes pendientes de aprobación deben vencer tras un número entero de días del 1 al 90.' }],
  ]);
});

it('refuses to approve or decline a refund past its time, sends nothing, and shows the requester it expired', async () => {
  const asker = await staffMember('norwalk');
  const approverAgain = await staffMember('norwalk');
  const key = newKey('refund');
  const paymentId = await bigPayment('norwalk', await asker());
  const asked = await refund(await asker(), paymentId, key);
  expect(asked.approval).toEqual(expect.objectContaining({ status: 'AWAITING', expiresAt: later(7 * DAY).toISOString() }));
  const approvalId = asked.approval!.id;

  // A minute before its time it may still be decided; at its time it may not.
  clock.set(later(7 * DAY - 60_000));
  expect((await awaiting(await approverAgain())).map((a) => a.id)).toContain(approvalId);
  clock.set(later(7 * DAY));
  const approver = await approverAgain();
  expect((await awaiting(approver)).map((a) => a.id)).not.toContain(approvalId);
  const answers = [await decide(APPROVE, approver, approvalId), await decide(APPROVE, approver, approvalId, 'es'), await decide(DECLINE, approver, approvalId)];
  expect(answers.map((answer) => answer.userErrors)).toEqual([
    [
      {
        field: ['input', 'approvalId'],
        code: 'APPROVAL_EXPIRED',
        message: 'This request waited longer than 7 days without a decision and has expired: nothing was sent. If the money is still owed, it must be asked for again.',
      },
    ],
    [
      {
        field: ['input', 'approvalId'],
        code: 'APPROVAL_EXPIRED',
        message: 'Esta solicitud esperó más de 7 días sin una decisión y venció: no se envió nada. Si el dinero aún se debe, hay que pedirlo de nuevo.',
      },
    ],
    [expect.objectContaining({ code: 'APPROVAL_EXPIRED' })],
  ]);
  expect(await refundedAtProcessor(paymentId)).toBe('0');
  // The requester's key sent again: the request, expired, and the payment as it was.
  const again = await refund(await asker(), paymentId, key);
  expect(again).toEqual({ approval: expect.objectContaining({ id: approvalId, status: 'EXPIRED', expiresAt: null }), payment: { refunded: { amount: '0.00' } }, userErrors: [] });
  expect(await audit('norwalk', approvalId)).toEqual([
    { kind: 'GIVING_BACK_REQUESTED', actor: expect.any(String) },
    { kind: 'GIVING_BACK_EXPIRED', actor: 'system' },
  ]);
  // Asked again under a new key, it is a new request, for the payment as it is now.
  const anew = await refund(await asker(), paymentId, newKey('refund'));
  expect(anew.approval).toEqual(expect.objectContaining({ status: 'AWAITING', expiresAt: later(14 * DAY).toISOString() }));
});

it("expires each city's requests by its own setting in the hourly job, once however often it runs", async () => {
  expect((await setExpiryDays('norman', 3)).updateTenant.tenant?.paymentRules.approvalExpiryDays).toBe(3);
  const [normanAsker, normanAdmin, norwalkAsker, norwalkAdmin] = [await staffMember('norman'), await staffMember('norman'), await staffMember('norwalk'), await staffMember('norwalk')];
  const normanPayment = await bigPayment('norman', await normanAsker());
  const norwalkPayment = await bigPayment('norwalk', await norwalkAsker());
  const normanVoid = (await voidIt(await normanAsker(), normanPayment)).approval!;
  const norwalkVoid = (await voidIt(await norwalkAsker(), norwalkPayment)).approval!;
  expect([normanVoid.status, norwalkVoid.status]).toEqual(['AWAITING', 'AWAITING']);

  clock.set(later(3 * DAY + 60_000));
  await file.platform.runJob('payments.expire-approvals');
  await file.platform.runJob('payments.expire-approvals');
  const statusOf = async (slug: string, id: string) => (await tenantRows<{ status: string }>(file.platform, slug, 'SELECT status FROM giving_back_approvals WHERE id = $1', [id]))[0]?.status;
  expect([await statusOf('norman', normanVoid.id), await statusOf('norwalk', norwalkVoid.id)]).toEqual(['EXPIRED', 'AWAITING']);
  expect((await audit('norman', normanVoid.id)).map((e) => e.kind)).toEqual(['GIVING_BACK_REQUESTED', 'GIVING_BACK_EXPIRED']);
  expect((await awaiting(await normanAdmin())).map((a) => a.id)).not.toContain(normanVoid.id);
  expect((await awaiting(await norwalkAdmin())).map((a) => a.id)).toContain(norwalkVoid.id);
  await setExpiryDays('norman', 7);
});
