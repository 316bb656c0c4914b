import { createHttpProcessor } from '@platform/processor';
import { FixedClock, TEST_PROCESSOR_SECRET_KEY, type GraphQLTestClient } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { bankToken, newKey, pay } from '../payments/payments-api';
import { enrolAutopay, newCustomer, openAccountWithBill, saveToken } from '../autopay/autopay-api';
import { GOOD_PASSWORD, REQUEST_RESET, VIEWER, registerCustomer, signIn, tenantRows, type UserErrorShape } from './customer-api';

/*
 * A resident who moves away, or no longer wants an online account, closes it (closeMyAccount, with their password), or
 * asks the city by phone and its ADMIN closes it for them (closeResidentAccount, with a reason, in the audit log). Before,
 * only staff could be disabled, and a resident's name, email, phone, saved cards and monthly autopay stayed for good.
 * Closing ends every session and link, stops the autopay the resident enrolled, removes their saved methods at the
 * processor, lets go of their linked accounts, withdraws what was still to be sent, and keeps no name, email, phone or
 * login name: the payments stay on the city's record, which staff read as "Closed online account". The address gets
 * one email saying so, and may register again.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformWithMailCatcher({ clock, jobs: true });

const CLOSE_MINE = 'mutation Close($input: CloseMyAccountInput!) { closeMyAccount(input: $input) { userErrors { field code message } } }';
const CLOSE_RESIDENT = 'mutation CloseFor($input: CloseResidentAccountInput!) { closeResidentAccount(input: $input) { user { id name email closedAt } userErrors { field code message } } }';
const RESIDENTS = 'query Find($search: String!) { residents(search: $search, first: 10) { edges { node { id name } } } }';
const CLOSINGS = `query Closings($userId: UUID!) {
  auditLog(first: 10, filter: { userId: $userId, kinds: [ONLINE_ACCOUNT_CLOSED] }) { edges { node { kind userId actor detail { key value } } } }
}`;
const STAFF_PAYMENT = 'query P($id: UUID!) { payment(id: $id) { status amount { amount } } }';

type Closed = { closeMyAccount: { userErrors: UserErrorShape[] } };
type ClosedFor = { closeResidentAccount: { user: { id: string; name: string | null; email: string | null; closedAt: string | null } | null; userErrors: UserErrorShape[] } };
type AuditPage = { auditLog: { edges: { node: { kind: string; userId: string | null; actor: string; detail: { key: string; value: string }[] } }[] } };

const norwalk = () => env.platform.client.asTenant('norwalk');

/** Whether the processor still charges the saved method, asked over HTTP as the city's own dashboard would. */
async function processorCharges(profileId: string, methodId: string): Promise<string> {
  const processor = createHttpProcessor({ baseUrl: env.platform.processorUrl, secretKey: TEST_PROCESSOR_SECRET_KEY, timeoutMs: 5000 });
  const charged = await processor.charge({ idempotencyKey: newKey('after-close'), amountCents: 100n, source: { profileId, methodId }, description: 'probe' });
  return charged.outcome === 'REJECTED' ? charged.code : charged.outcome;
}

async function savedAtProcessor(cardId: string): Promise<{ processor_profile_id: string; processor_method_id: string }> {
  const [saved] = await tenantRows<{ processor_profile_id: string; processor_method_id: string }>(
    env.platform,
    'norwalk',
    'SELECT processor_profile_id, processor_method_id FROM saved_payment_methods WHERE id = $1',
    [cardId],
  );
  return saved!;
}

const refusalOf = async (client: GraphQLTestClient) => (await client.request(VIEWER)).errors?.[0]?.extensions;

it('lets a resident close their own online account: sessions end at once, autopay stops, the card leaves the processor, nothing identifies them, the payment stays', async () => {
  const email = 'pat.moving.away@example.com';
  await openAccountWithBill(env.platform, '10-7301-00', '42.00');
  const pat = await newCustomer(env.platform, { email, accounts: ['10-7301-00'] });
  const accountId = pat.accounts['10-7301-00']!;
  await enrolAutopay(pat, accountId);
  const me = await pat.client();
  await me.data('mutation { updateProfile(input: { name: "Pat Mover", phone: "562-555-0142" }) { userErrors { code } } }');
  const paid = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: accountId, amount: '5.00' }], savedMethodId: pat.cardId });
  expect(paid.userErrors).toEqual([]);
  const phone = await pat.client();
  // A reset link asked for and not yet sent: it must not arrive after the account is closed.
  await norwalk().data(REQUEST_RESET, { input: { identifier: email } });
  await env.deliveredTo(email);
  await norwalk()
    .withHeaders({ 'x-forwarded-for': '198.51.100.31' })
    .data(REQUEST_RESET, { input: { identifier: email } });
  const card = await savedAtProcessor(pat.cardId);

  const wrong = await me.data<Closed>(CLOSE_MINE, { input: { currentPassword: 'not my password at all' } });
  expect(wrong.closeMyAccount.userErrors).toEqual([{ field: ['input', 'currentPassword'], code: 'WRONG_PASSWORD', message: expect.any(String) }]);
  expect(await refusalOf(phone)).toBeUndefined();

  expect((await me.data<Closed>(CLOSE_MINE, { input: { currentPassword: GOOD_PASSWORD } })).closeMyAccount.userErrors).toEqual([]);

  // Every session is refused from its next request; the password signs in nobody.
  expect({ me: await refusalOf(me), phone: await refusalOf(phone) }).toEqual({
    me: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    phone: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
  });
  expect((await signIn(norwalk(), email)).session).toBeNull();

  // One email, saying what happened; the reset link waiting never goes.
  const mail = await env.deliveredTo(email);
  expect(mail.map((m) => m.subject)).toEqual(['Your City of Norwalk online account is closed']);
  // By its last four, as every email names an account.
  expect(mail[0]!.text).toContain('Auto Pay stopped for account **-**01-00');
  expect(mail[0]!.text).not.toContain('10-7301-00');
  expect(await tenantRows(env.platform, 'norwalk', `SELECT id FROM notification_outbox WHERE template = 'PASSWORD_RESET' AND status = 'PENDING'`)).toEqual([]);

  // Autopay stopped, the card is gone at the processor, the account is let go.
  const [enrolment] = await tenantRows<{ status: string }>(env.platform, 'norwalk', 'SELECT status FROM autopay_enrollments WHERE service_account_id = $1', [accountId]);
  expect(enrolment?.status).toBe('CANCELLED');
  expect(await processorCharges(card.processor_profile_id, card.processor_method_id)).toBe('method_not_found');
  expect(await tenantRows(env.platform, 'norwalk', 'SELECT 1 FROM account_links WHERE user_id = $1', [pat.userId])).toEqual([]);

  // Nothing identifies the person any more.
  const [row] = await tenantRows<Record<string, unknown>>(
    env.platform,
    'norwalk',
    'SELECT email, pending_email, username, full_name, phone, password_hash, closed_at IS NOT NULL AS closed FROM users WHERE id = $1',
    [pat.userId],
  );
  expect(row).toEqual({ email: null, pending_email: null, username: null, full_name: null, phone: null, password_hash: null, closed: true });
  expect(await tenantRows(env.platform, 'norwalk', 'SELECT term FROM resident_search_terms WHERE user_id = $1', [pat.userId])).toEqual([]);
  expect(await tenantRows(env.platform, 'norwalk', 'SELECT 1 FROM notification_preferences WHERE user_id = $1', [pat.userId])).toEqual([]);

  // Staff: the payment stays on the city's record; the resident is found by no search; the audit log says who closed it.
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  expect((await admin.data<{ payment: { status: string; amount: { amount: string } } }>(STAFF_PAYMENT, { id: paid.payment!.id })).payment.amount.amount).toBe('5.00');
  expect((await admin.data<{ residents: { edges: unknown[] } }>(RESIDENTS, { search: 'Pat Mover' })).residents.edges).toEqual([]);
  const { auditLog } = await admin.data<AuditPage>(CLOSINGS, { userId: pat.userId });
  expect(auditLog.edges.map((e) => e.node)).toEqual([
    {
      kind: 'ONLINE_ACCOUNT_CLOSED',
      userId: pat.userId,
      actor: pat.userId,
      detail: [
        { key: 'closedBy', value: 'RESIDENT' },
        { key: 'autopayStopped', value: '1' },
        { key: 'accountsUnlinked', value: '1' },
      ],
    },
  ]);

  // The address is free: the resident (or whoever holds it next) registers again.
  const again = await registerCustomer(norwalk().withHeaders({ 'x-forwarded-for': '198.51.100.32' }), { email });
  expect(again.user.id).not.toBe(pat.userId);
});

it("lets the city's ADMIN close a resident's account for them, with a reason kept in the audit log; Spanish mail for a Spanish reader; twice is once", async () => {
  const email = 'rosa.por.telefono@example.com';
  await openAccountWithBill(env.platform, '10-7302-00', '30.00');
  const rosa = await newCustomer(env.platform, { email, accounts: ['10-7302-00'], locale: 'ES' });
  const session = await rosa.client();
  await env.deliveredTo(email);
  const [support, admin] = [await signInStaff(env.platform, 'norwalk', 'SUPPORT'), await signInStaff(env.platform, 'norwalk', 'ADMIN')];

  expect((await support.request(CLOSE_RESIDENT, { input: { userId: rosa.userId, reason: 'Called: moved to Texas' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const blank = await admin.data<ClosedFor>(CLOSE_RESIDENT, { input: { userId: rosa.userId, reason: '  ' } });
  expect(blank.closeResidentAccount.userErrors).toEqual([{ field: ['input', 'reason'], code: 'REQUIRED', message: expect.any(String) }]);
  expect(await refusalOf(session)).toBeUndefined();

  const closed = await admin.data<ClosedFor>(CLOSE_RESIDENT, { input: { userId: rosa.userId, reason: 'Called: moved to Texas' } });
  expect(closed.closeResidentAccount).toEqual({ user: { id: rosa.userId, name: 'Closed online account', email: null, closedAt: expect.any(String) }, userErrors: [] });
  expect(await refusalOf(session)).toMatchObject({ code: 'UNAUTHENTICATED' });
  const mail = await env.deliveredTo(email);
  expect(mail.map((m) => m.subject)).toEqual(['Se cerró su cuenta en línea de City of Norwalk']);

  // Asked again (a double click, a second call): the same answer, nothing more sent or recorded.
  const twice = await admin.data<ClosedFor>(CLOSE_RESIDENT, { input: { userId: rosa.userId, reason: 'Called again' } });
  expect(twice.closeResidentAccount.userErrors).toEqual([]);
  expect(await env.deliveredTo(email)).toEqual([]);
  const { auditLog } = await admin.data<AuditPage>(CLOSINGS, { userId: rosa.userId });
  const records = auditLog.edges.map((e) => e.node);
  expect(records).toHaveLength(1);
  expect(records[0]!.detail).toEqual(expect.arrayContaining([{ key: 'reason', value: 'Called: moved to Texas' }]));
});

it("is a wall between cities: Norman's ADMIN cannot close a Norwalk resident, and a staff member is no resident to close", async () => {
  const norwalker = await registerCustomer(norwalk().withHeaders({ 'x-forwarded-for': '198.51.100.33' }), { email: 'stays.open@example.com' });
  const normanAdmin = await signInStaff(env.platform, 'norman', 'ADMIN');
  const across = await normanAdmin.data<ClosedFor>(CLOSE_RESIDENT, { input: { userId: norwalker.user.id, reason: 'not ours' } });
  expect(across.closeResidentAccount).toEqual({ user: null, userErrors: [{ field: ['input', 'userId'], code: 'RESIDENT_NOT_FOUND', message: expect.any(String) }] });
  const [open] = await tenantRows<{ email: string | null }>(env.platform, 'norwalk', 'SELECT email FROM users WHERE id = $1', [norwalker.user.id]);
  expect(open?.email).toBe('stays.open@example.com');

  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const clerk = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
  const clerkId = (await clerk.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;
  const staffClosed = await admin.data<ClosedFor>(CLOSE_RESIDENT, { input: { userId: clerkId, reason: 'wrong person' } });
  expect(staffClosed.closeResidentAccount.userErrors.map((e) => e.code)).toEqual(['RESIDENT_NOT_FOUND']);
});

it('keeps a payment still in flight on a saved bank account: closing refuses nothing, and the e-check settles on the city record, its notices going nowhere', async () => {
  const email = 'echeck.in.flight@example.com';
  await openAccountWithBill(env.platform, '10-7303-00', '25.00');
  const lee = await newCustomer(env.platform, { email, accounts: ['10-7303-00'] });
  const me = await lee.client();
  const bankId = await saveToken(me, await bankToken(env.platform));
  const paid = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: lee.accounts['10-7303-00'], amount: '25.00' }], savedMethodId: bankId });
  expect(paid.payment?.status).toBe('AUTHORIZED');
  await env.deliveredTo(email);

  expect((await me.data<Closed>(CLOSE_MINE, { input: { currentPassword: GOOD_PASSWORD } })).closeMyAccount.userErrors).toEqual([]);
  expect((await env.deliveredTo(email)).map((m) => m.subject)).toEqual(['Your City of Norwalk online account is closed']);

  // Days later the bank settles it: the payment is the city's, recorded as any other; nothing is mailed about it.
  clock.set(new Date('2026-03-14T18:00:00Z'));
  await env.platform.runJob('payments.settle-echecks');
  const [settled] = await tenantRows<{ status: string; settled: boolean; amount_cents: string }>(
    env.platform,
    'norwalk',
    'SELECT status, settled_at IS NOT NULL AS settled, amount_cents FROM payments WHERE id = $1',
    [paid.payment!.id],
  );
  expect(settled).toEqual({ status: 'AUTHORIZED', settled: true, amount_cents: '2500' });
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  expect((await admin.data<{ payment: { status: string; amount: { amount: string } } }>(STAFF_PAYMENT, { id: paid.payment!.id })).payment.amount.amount).toBe('25.00');
  expect(await env.deliveredTo(email)).toEqual([]);
});
