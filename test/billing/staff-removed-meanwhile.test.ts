import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { LOGOUT, LOGOUT_EVERYWHERE, tenantRows } from '../customers/customer-api';
import { CHANGE_ROLE, DISABLE, viewerId } from '../customers/staff-removal';
import { whileHeld, type HeldLock } from '../db/lock-waits';
import { RESEND, queueMessage } from '../notifications/notification-api';
import { BILL_HEADER, MARK_DISCONNECTED, OPEN_ACCOUNT, importCsv, openAccount, platformForFile, signInStaff } from './billing-api';

/*
 * What money-by-staff-removed-meanwhile proves of money, for the rest of what staff change: turning a household's
 * service off, closing or opening an account, resending a message, running autopay, and managing staff. A request
 * under way (waiting on a busy row) when its sender is demoted, has their access taken away or signs out (here, or in
 * another tab) does nothing after all: FORBIDDEN, nothing written.
 */
// Noon in Norwalk on 2026-11-23: the bill below (due 2026-09-22) is long past due.
const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
const file = platformForFile({ clock, jobs: true });
let adam: GraphQLTestClient;
beforeAll(async () => {
  adam = await signInStaff(file.platform, 'norwalk', 'ADMIN');
});

const held = <T>(lock: HeldLock, send: () => Promise<T>, meanwhile: () => Promise<void>): Promise<T> => whileHeld(file.platform.db, 'norwalk', lock, send, meanwhile);
const accountHeld = (id: string): HeldLock => ({ sql: 'SELECT 1 FROM service_accounts WHERE id = $1 FOR UPDATE', params: [id] });
const codes = (answer: { errors?: readonly { extensions?: { code?: unknown } }[] }) => answer.errors?.map((error) => error.extensions?.code);
const statusOf = async (id: string) => (await tenantRows<{ status: string }>(file.platform, 'norwalk', 'SELECT status FROM service_accounts WHERE id = $1', [id]))[0]?.status;

async function demote(userId: string): Promise<void> {
  expect((await adam.data<{ changeStaffRole: { userErrors: unknown[] } }>(CHANGE_ROLE, { input: { userId, role: 'SUPPORT' } })).changeStaffRole.userErrors).toEqual([]);
}
async function disable(userId: string): Promise<void> {
  expect((await adam.data<{ disableStaffUser: { userErrors: unknown[] } }>(DISABLE, { userId })).disableStaffUser.userErrors).toEqual([]);
}

it("refuses a clerk's disconnection still waiting on the account once they signed out, and leaves the household's service on", async () => {
  const clerk = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
  const account = await openAccount(clerk);
  expect((await importCsv(clerk, [BILL_HEADER, `B-RM-1,${account.accountNumber},2026-09-01,2026-09-22,155.00,,`].join('\n'))).imported).toBe(1);
  await file.platform.runJob('billing.disconnection-sweep');
  expect(await statusOf(account.id)).toBe('DISCONNECT_ELIGIBLE');
  const answer = await held(
    accountHeld(account.id),
    () => clerk.request(MARK_DISCONNECTED, { id: account.id }),
    async () => {
      await clerk.data(LOGOUT);
    },
  );
  expect(codes(answer)).toEqual(['FORBIDDEN']);
  expect(await statusOf(account.id)).toBe('DISCONNECT_ELIGIBLE');
});

it("refuses an ADMIN's close still waiting on the account once another ADMIN made them SUPPORT", async () => {
  const rogue = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  const account = await openAccount(rogue);
  const answer = await held(
    accountHeld(account.id),
    () => rogue.request('mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { userErrors { code } } }', { id: account.id }),
    () => viewerId(rogue).then(demote),
  );
  expect(codes(answer)).toEqual(['FORBIDDEN']);
  expect(await statusOf(account.id)).toBe('ACTIVE');
});

it('refuses an account opened by a clerk whose access was taken away while it waited, and opens nothing', async () => {
  const clerk = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
  const clerkId = await viewerId(clerk);
  const input = { accountNumber: '88-0001-00', customerName: 'Jane Q Smith', addressLine1: '12345 Imperial Hwy', city: 'Norwalk', region: 'CA', postalCode: '90650' };
  // Another opening of accounts under way: the clerk's insert waits for it.
  const answer = await held(
    { sql: 'LOCK TABLE service_accounts IN SHARE MODE' },
    () => clerk.request(OPEN_ACCOUNT, { input }),
    () => disable(clerkId),
  );
  expect(codes(answer)).toEqual(['FORBIDDEN']);
  expect(await tenantRows(file.platform, 'norwalk', `SELECT id FROM service_accounts WHERE account_number = '88-0001-00'`)).toEqual([]);
});

it("refuses an ADMIN's resend still waiting on the message once another ADMIN made them SUPPORT, and sends no copy", async () => {
  const rogue = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  const id = await queueMessage(file.platform, 'norwalk', { to: 'resend-meanwhile@example.com' });
  await tenantRows(file.platform, 'norwalk', `UPDATE notification_outbox SET status = 'SENT', sent_at = now() WHERE id = $1`, [id]);
  const answer = await held(
    { sql: 'SELECT 1 FROM notification_outbox WHERE id = $1 FOR UPDATE', params: [id] },
    () => rogue.request(RESEND, { id }),
    () => viewerId(rogue).then(demote),
  );
  expect(codes(answer)).toEqual(['FORBIDDEN']);
  expect(await tenantRows(file.platform, 'norwalk', 'SELECT id FROM notification_outbox WHERE resent_from = $1', [id])).toEqual([]);
});

it("refuses an ADMIN's autopay run that had not begun when their access was taken away: no run, nobody charged", async () => {
  const rogue = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  const rogueId = await viewerId(rogue);
  const answer = await held(
    { sql: 'LOCK TABLE autopay_runs IN SHARE MODE' },
    () => rogue.request('mutation { runAutopay { run { id } userErrors { code } } }'),
    () => disable(rogueId),
  );
  expect(codes(answer)).toEqual(['FORBIDDEN']);
  expect(await tenantRows(file.platform, 'norwalk', 'SELECT id FROM autopay_runs WHERE actor = $1', [rogueId])).toEqual([]);
});

it('refuses a role change by an ADMIN who signed out everywhere (another tab) while it waited, and changes no role', async () => {
  const rogue = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  const clerk = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
  const clerkId = await viewerId(clerk);
  // Another staff change under way holds the city's ADMINs: the rogue's waits for it.
  const answer = await held(
    { sql: 'SELECT 1 FROM users WHERE id = $1 FOR UPDATE', params: [await viewerId(adam)] },
    () => rogue.request(CHANGE_ROLE, { input: { userId: clerkId, role: 'ADMIN' } }),
    async () => {
      await rogue.data(LOGOUT_EVERYWHERE);
    },
  );
  expect(codes(answer)).toEqual(['FORBIDDEN']);
  expect(await tenantRows(file.platform, 'norwalk', 'SELECT roles FROM users WHERE id = $1', [clerkId])).toEqual([{ roles: ['SUPPORT'] }]);
});
